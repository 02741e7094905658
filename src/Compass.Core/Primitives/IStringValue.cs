namespace Compass.Core;

/// <summary>
/// A value from an open set (GPU types, model ids, use cases…) that wraps a canonical string.
/// Implementations compare case-insensitively and serialize as their <see cref="Value"/>.
/// </summary>
/// <typeparam name="TSelf">The implementing value type.</typeparam>
internal interface IStringValue<TSelf>
    where TSelf : struct, IStringValue<TSelf>
{
    /// <summary>Gets the canonical string form.</summary>
    string Value { get; }

    /// <summary>Creates a value from text, resolving well-known aliases to their canonical form.</summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The text is empty or not a valid value.</exception>
    static abstract TSelf Parse(string text);
}
