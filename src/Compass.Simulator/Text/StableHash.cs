namespace Compass.Simulator.Text;

/// <summary>FNV-1a over UTF-16 code units: a hash that, unlike <see cref="string.GetHashCode()"/>, is the same in every process.</summary>
internal static class StableHash
{
    public static int Of(string text, int seed)
    {
        var hash = 2166136261u ^ (uint)seed;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return unchecked((int)hash);
    }
}
