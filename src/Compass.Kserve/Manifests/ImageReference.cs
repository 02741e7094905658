using System.Globalization;
using System.Text.RegularExpressions;

namespace Compass.Kserve.Manifests;

/// <summary>
/// A container image reference, pinned: <c>registry/name:tag</c>, <c>registry/name@sha256:&lt;64 hex&gt;</c>, or both.
/// With a digest the manifest names the image by digest alone (<see cref="ToString"/>): the runtime pulls by digest
/// anyway, and a tag beside it only suggests a version the digest may not be.
/// </summary>
/// <param name="Repository">The repository (<c>vllm/vllm-openai</c>, <c>registry.example.com:5000/ml/vllm</c>).</param>
/// <param name="Tag">The tag, or <see langword="null"/>.</param>
/// <param name="Digest">The digest (<c>sha256:…</c>), or <see langword="null"/>.</param>
internal sealed partial record ImageReference(string Repository, string? Tag, string? Digest)
{
    private const int MaxLength = 512;
    private const int Sha256HexDigits = 64;

    /// <summary>Gets whether the reference pins the image by digest.</summary>
    public bool HasDigest => Digest is not null;

    /// <summary>Parses and checks a reference: a pinned tag (not <c>latest</c>) or a well-formed sha256 digest.</summary>
    /// <param name="image">The text.</param>
    /// <param name="option">The option the text came from, named in errors.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ArgumentException">The text is not a pinned image reference; the message says what is wrong.</exception>
    public static ImageReference Parse(string? image, string option)
    {
        if (string.IsNullOrEmpty(image) || image.Length > MaxLength)
        {
            throw new ArgumentException($"The image '{Shown(image)}' is not an image reference (registry/name:tag or registry/name@sha256:<64 hex digits>).", option);
        }

        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? image : image[..at];
        var digest = at < 0 ? null : CheckDigest(image, image[(at + 1)..], option);
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        var tag = colon > slash ? name[(colon + 1)..] : null;
        var repository = colon > slash ? name[..colon] : name;
        if (!RepositoryPattern().IsMatch(repository) || (tag is not null && !TagPattern().IsMatch(tag)))
        {
            throw new ArgumentException($"The image '{Shown(image)}' is not an image reference (registry/name:tag or registry/name@sha256:<64 hex digits>; lower-case name).", option);
        }

        if (digest is null && (tag is null || tag == "latest"))
        {
            throw new ArgumentException($"The image '{Shown(image)}' must have a pinned tag (not latest) or a digest (@sha256:…), so a redeploy runs the same engine.", option);
        }

        return new ImageReference(repository, tag, digest);
    }

    /// <summary>Gets the reference as the manifest names it: by digest when there is one, else by tag.</summary>
    /// <returns>The reference.</returns>
    public override string ToString() => Digest is not null ? $"{Repository}@{Digest}" : $"{Repository}:{Tag}";

    private static string CheckDigest(string image, string digest, string option)
    {
        const string Algorithm = "sha256:";
        string? problem = null;
        if (!digest.StartsWith(Algorithm, StringComparison.Ordinal))
        {
            problem = digest.Contains(':', StringComparison.Ordinal)
                ? $"uses '{Shown(digest[..digest.IndexOf(':', StringComparison.Ordinal)])}'; only sha256 digests are accepted"
                : "has no algorithm; a digest starts with 'sha256:'";
        }
        else
        {
            var hex = digest[Algorithm.Length..];
            if (!hex.All(char.IsAsciiHexDigit))
            {
                problem = "has characters that are not hex digits";
            }
            else if (hex.Length != Sha256HexDigits)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"has {hex.Length} hex digits instead of {Sha256HexDigits}");
            }
            else if (hex.Any(char.IsAsciiLetterUpper))
            {
                problem = "has upper-case hex digits; registries write digests in lower case";
            }
        }

        return problem is null
            ? digest
            : throw new ArgumentException(
                $"The image '{Shown(image)}' has a bad digest: it {problem}. Use image@sha256:<64 lower-case hex digits>, as 'docker buildx imagetools inspect' or the registry shows it.",
                option);
    }

    // Typed text goes into a one-line message: no line breaks, and not the whole of a long value.
    private static string Shown(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        var clean = string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
        return clean.Length <= 120 ? clean : clean[..120] + "…";
    }

    [GeneratedRegex(@"^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
