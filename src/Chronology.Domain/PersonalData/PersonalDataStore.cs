using Chronology.Domain.Erasing;
using Marten;

namespace Chronology.Domain.PersonalData;

public static class PersonalDataStore
{
    public const string SubjectErasedType = "subject_erased.v1";

    /// <summary>The table of personal values (keyed by commitment), the erasure's audit event and each record's erasures.</summary>
    public static StoreOptions AddPersonalData(this StoreOptions options)
    {
        options.Schema.For<PersonalValue>().Index(value => value.Field);
        options.Events.MapEventType<SubjectErased>(SubjectErasedType);
        options.Schema.For<RecordErasures>();
        return options;
    }
}
