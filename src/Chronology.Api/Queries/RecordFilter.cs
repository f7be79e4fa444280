using Chronology.Domain.Dates;
using Chronology.Domain.Records;
using Npgsql;
using NpgsqlTypes;

namespace Chronology.Api.Queries;

/// <summary>
/// The filters of <c>/records</c> and <c>/timeline</c>, as SQL over the current-record view: status, kind,
/// tag, participant, place, valid-time overlap (<c>from</c>/<c>to</c>, EDTF) and text (<c>q</c>, any script).
/// </summary>
public sealed record RecordFilter(
    string? Status, string? Kind, string? Tag, string? Participant, string? Place, EdtfDate? From, EdtfDate? To, string? Text)
{
    public static (RecordFilter? Filter, IResult? Problem) Read(RecordQuery request)
    {
        var errors = new Dictionary<string, string[]>();
        var query = new Dictionary<string, string?>
        {
            ["status"] = request.Status, ["kind"] = request.Kind, ["tag"] = request.Tag, ["participant"] = request.Participant,
            ["place"] = request.Place, ["from"] = request.From, ["to"] = request.To, ["q"] = request.Q,
        };
        string? Value(string name) => query[name] is { Length: > 0 } value ? value : null;
        EdtfDate? Date(string name)
        {
            if (Value(name) is not { } text) return null;
            if (EdtfDate.TryParse(text, out var date, out var error)) return date;
            errors[name] = [$"'{text}' is not an EDTF date: {error}"];
            return null;
        }
        string? OneOf<T>(string name) where T : struct, Enum
        {
            if (Value(name) is not { } text) return null;
            if (Enum.GetNames<T>().Any(known => known.Equals(text, StringComparison.OrdinalIgnoreCase))) return text.ToLowerInvariant();
            errors[name] = [$"'{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}."];
            return null;
        }

        var filter = new RecordFilter(
            OneOf<MeetingStatus>("status"), OneOf<RecordKind>("kind"), Value("tag"), Value("participant"), Value("place"),
            Date("from"), Date("to"), Value("q"));
        return errors.Count == 0
            ? (filter, null)
            : (null, Problems.ProblemAnswers.InvalidInput(string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value[0]}")), errors));
    }

    /// <summary>The SQL conditions on a current-record row aliased <paramref name="alias"/>, with their parameters.</summary>
    public IEnumerable<string> Conditions(string alias, NpgsqlCommand command)
    {
        if (Status is not null) yield return Equal($"{alias}.data ->> 'status'", Status, command);
        if (Kind is not null) yield return Equal($"lower({alias}.data ->> 'kind')", Kind, command);
        if (Tag is not null) yield return $"jsonb_exists({alias}.data -> 'state' -> 'tags', {Add(command, Tag)})";
        if (Participant is not null) yield return Contains($"{alias}.data ->> 'participantText'", Participant, command);
        if (Place is not null) yield return Contains($"{alias}.data ->> 'placeText'", Place, command);
        if (Text is not null) yield return Contains($"{alias}.search_text", Text, command);
        if (From is not null) yield return $"({alias}.data -> 'extent' ->> 'latestSeconds')::bigint >= {Add(command, From.Earliest.SecondsSinceUnixEpoch)}";
        if (To is not null) yield return $"({alias}.data -> 'extent' ->> 'earliestSeconds')::bigint <= {Add(command, To.Latest.SecondsSinceUnixEpoch)}";
    }

    private static string Equal(string column, string value, NpgsqlCommand command) => $"{column} = {Add(command, value)}";

    // ILIKE over the decoded text finds 朝美 inside 2018年朝美首腦會談, which word-based full-text search does not; q's
    // search_text column has a trigram index behind it (ChronologyStore), used once the pattern holds a trigram (3 characters).
    private static string Contains(string column, string value, NpgsqlCommand command) =>
        $"{column} ILIKE {Add(command, "%" + value.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%")}";

    public static string Add(NpgsqlCommand command, object value)
    {
        var name = $"p{command.Parameters.Count}";
        command.Parameters.Add(new NpgsqlParameter(name, value is long ? NpgsqlDbType.Bigint : NpgsqlDbType.Text) { Value = value });
        return "@" + name;
    }
}
