using System.Text.RegularExpressions;
using Xunit;

namespace Compass.Testing;

/// <summary>
/// What a library tells a user (notes, findings, exception messages) speaks in terms of its API, never a host's: a web
/// page or an embedding app must not show command-line flags or commands. Linked into each library's tests.
/// </summary>
internal static partial class LibraryMessages
{
    /// <summary>Asserts that <paramref name="text"/> names no flag (<c>--name</c>) and no <c>compass …</c> command.</summary>
    public static void AssertNoHostTerms(string text)
    {
        Assert.DoesNotMatch(Flag(), text);
        Assert.DoesNotContain("compass ", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(^|[\s('""/])--[a-z]")]
    private static partial Regex Flag();
}
