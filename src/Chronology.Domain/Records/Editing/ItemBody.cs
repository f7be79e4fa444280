using System.ComponentModel;

namespace Chronology.Domain.Records.Editing;

/// <summary>The body of a command on one item of a list (over HTTP the item's id comes from the route).</summary>
public abstract record ItemBody : EditBody
{
    [Description("The id of the item (participant, outcome, source or link); over HTTP it is taken from the route.")]
    public Guid? ItemId { get; init; }

    protected Guid Item(Validation validation)
    {
        if (ItemId is null) validation.Add("itemId", "is required.");
        return ItemId ?? Guid.Empty;
    }
}
