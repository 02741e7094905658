using System.Collections;

namespace Compass.Simulator.Text;

/// <summary>
/// A unit's tokens repeated to <paramref name="count"/> tokens, the last one optionally replaced (cut at a stop string).
/// A request may ask for the whole context, so an answer is never stored token by token before it is produced.
/// </summary>
/// <param name="unit">The tokens that repeat (at least one).</param>
/// <param name="count">How many tokens the answer has.</param>
/// <param name="last">The text of the last token when it differs from the unit's, otherwise null.</param>
internal sealed class RepeatedTokens(IReadOnlyList<string> unit, int count, string? last) : IReadOnlyList<string>
{
    public int Count => count;

    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
            return index == count - 1 && last is not null ? last : unit[index % unit.Count];
        }
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
