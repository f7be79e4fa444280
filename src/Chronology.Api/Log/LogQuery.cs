namespace Chronology.Api.Log;

/// <summary>The log's query parameters: whole numbers, counted from 0, each refused with a problem that names it.</summary>
internal static class LogQuery
{
    public static (long Value, IResult? Problem) Number(string name, string? text, long? fallback, string meaning)
    {
        if (string.IsNullOrEmpty(text))
            return fallback is { } value ? (value, null) : (0, Invalid(name, $"{name} is required: {meaning}."));
        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? (number, null)
            : (0, Invalid(name, $"{name} must be a whole number from 0 ({meaning}); got '{text}'."));
    }

    public static IResult Invalid(string name, string detail) => Problems.ProblemAnswers.InvalidInput(
        detail, new Dictionary<string, string[]> { [name] = [detail] }, "log.parameter-invalid");

    public static IResult Beyond(string name, long value, long size) => Problems.ProblemAnswers.NotFound(
        size == 0
            ? $"The log is empty, so it has no {name} {value}."
            : $"The log has {size} entries (0 to {size - 1}), so {name} {value} is beyond it.",
        "log.beyond-end");
}
