using Compass.Core.Knowledge;
using FsCheck.Xunit;

namespace Compass.Core.Tests.Knowledge;

public sealed class NameMatchingTests
{
    [Theory]
    [InlineData("top", "top", 0)]
    [InlineData("tpo", "top", 1)]
    [InlineData("bugdet", "budget", 1)]
    [InlineData("h10", "h100", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_CountsEditsAndSwaps(string a, string b, int expected)
    {
        Assert.Equal(expected, NameMatching.Distance(a, b));
    }

    [Property]
    public bool Distance_IsSymmetric_AndZeroOnlyForEqualStrings(string a, string b)
    {
        a ??= string.Empty;
        b ??= string.Empty;
        var d = NameMatching.Distance(a, b);
        return d == NameMatching.Distance(b, a) && (d == 0) == (a == b) && d <= Math.Max(a.Length, b.Length);
    }
}
