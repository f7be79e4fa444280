using Chronology.Domain.Erasing;
using Marten;

namespace Chronology.Domain.PersonalData;

public static class PersonalDataStore
{
    /// <summary>The table of personal values (keyed by commitment) and the erasure's audit event.</summary>
    public static StoreOptions AddPersonalData(this StoreOptions options)
    {
        options.Schema.For<PersonalValue>().Index(value => value.Field);
        options.Events.MapEventType<SubjectErased>("subject_erased.v1");
        return options;
    }
}
