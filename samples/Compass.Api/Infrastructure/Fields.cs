using Compass.Core.Knowledge;

namespace Compass.Api.Infrastructure;

/// <summary>Runs a conversion for one request field, turning the packages' errors into a 400 that names the field.</summary>
internal static class Fields
{
    public static T Read<T>(string field, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (UnknownNameException ex)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, $"Unknown {ex.Kind}", $"{field}: {ex.Message}", field, ex.Suggestions, ex);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Invalid request", $"{field}: {Clean(ex.Message)}", field, innerException: ex);
        }
    }

    public static int? Range(string field, int? value, int min, int max)
        => value is { } v && (v < min || v > max)
            ? throw ApiProblemException.Invalid(field, $"{field} must be between {min} and {max} (got {v}).")
            : value;

    public static double? Range(string field, double? value, double min, double max)
        => value is { } v && (!double.IsFinite(v) || v < min || v > max)
            ? throw ApiProblemException.Invalid(field, FormattableString.Invariant($"{field} must be between {min} and {max} (got {v})."))
            : value;

    public static T? Choice<T>(string field, string? value, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        if (value is null)
        {
            return null;
        }

        return choices.TryGetValue(value.Trim().ToUpperInvariant(), out var choice)
            ? choice
            : throw ApiProblemException.Invalid(field, $"{field} must be one of {string.Join(", ", choices.Keys.Select(k => k.ToLowerInvariant()))} (got '{value}').");
    }

    public static string Clean(string message) => message.Split(" (Parameter", 2)[0];
}
