namespace Chronology.Domain.Records.Editing;

/// <summary>The metadata every event of a revision carries, as Marten event headers.</summary>
public static class EditHeaders
{
    public const string Revision = "revision";
    public const string Editor = "editor";
    public const string Comment = "comment";
    public const string Correction = "correction";
    public const string IdempotencyKey = "idempotencyKey";
    public const string ImportedBy = "importedBy";
}
