using System.Collections.Immutable;
using System.Text.Json;

namespace Compass.Ai.Parsing;

/// <summary>The JSON object read from an LLM answer, and what had to be repaired to read it; or why it could not be read.</summary>
/// <param name="Root">The object, or <see langword="null"/> when none could be read safely.</param>
/// <param name="Repairs">What was repaired, in words, in the order it was done.</param>
/// <param name="Truncated">Whether the object was cut off and closed, so that fields after the cut are missing.</param>
/// <param name="Failure">Why nothing could be read, when <paramref name="Root"/> is <see langword="null"/>.</param>
internal sealed record JsonRepairResult(JsonElement? Root, ImmutableArray<string> Repairs, bool Truncated, string? Failure)
{
    /// <summary>Gets whether an object was read.</summary>
    public bool Succeeded => Root is not null;

    /// <summary>Creates a result for an object read.</summary>
    /// <param name="root">The object.</param>
    /// <param name="repairs">The repairs.</param>
    /// <param name="truncated">Whether it was closed after a cut.</param>
    /// <returns>The result.</returns>
    public static JsonRepairResult Ok(JsonElement root, IEnumerable<string> repairs, bool truncated = false) => new(root, [.. repairs], truncated, null);

    /// <summary>Creates a result for an answer that could not be read.</summary>
    /// <param name="failure">Why.</param>
    /// <param name="repairs">The repairs tried before giving up.</param>
    /// <returns>The result.</returns>
    public static JsonRepairResult Fail(string failure, IEnumerable<string>? repairs = null) => new(null, repairs is null ? [] : [.. repairs], false, failure);
}
