using Chronology.Domain.PersonalData;
using Chronology.Domain.Records;
using Chronology.Domain.Views;

namespace Chronology.Domain.Erasing;

/// <summary>
/// Puts the placeholder where erased values were in the documents folded from them, keeping everything else — revisions,
/// dates, editors, which fields each revision changed (the erasure is counted in <see cref="RecordErasures"/>, not here).
/// A view folded again from the events (a rebuild) finds the values gone and gives the same documents.
/// </summary>
public static class ErasedViews
{
    /// <summary>Whether the state still shows one of the erased values (a view written back by a batch that read it before).</summary>
    public static bool Shows(Record state, IReadOnlyCollection<ErasedValue> erased) =>
        !ChronologyJson.Same(Scrub(state, erased), state);

    public static Record Scrub(Record state, IReadOnlyCollection<ErasedValue> erased)
    {
        bool Erased(string field, Guid item) => erased.Any(value => value.Field == field && value.ItemId == item && value.RecordId == state.Id);
        return state with
        {
            Participants = [.. state.Participants.Select(participant => participant with
            {
                Name = Erased(PersonalFields.ParticipantName, participant.Id) ? Erasure.Placeholder<LanguageText>() : participant.Name,
                Role = participant.Role is not null && Erased(PersonalFields.ParticipantRole, participant.Id) ? Erasure.Text : participant.Role,
            })],
            Sources = [.. state.Sources.Select(source =>
                source.Quote is not null && Erased(PersonalFields.SourceQuote, source.Id) ? source with { Quote = Erasure.Text } : source)],
        };
    }

    public static CurrentRecord Scrub(CurrentRecord view, IReadOnlyCollection<ErasedValue> erased) =>
        view with { State = Scrub(view.State, erased) };
}
