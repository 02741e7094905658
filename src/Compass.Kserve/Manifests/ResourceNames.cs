using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Compass.Core;

namespace Compass.Kserve.Manifests;

/// <summary>
/// Names of the generated objects. Every name is a DNS-1123 label that starts with a letter (a Service name is a
/// DNS-1035 label), short enough that the longest name KServe and KEDA derive from it —
/// <c>&lt;name&gt;-predictor-&lt;10-char hash&gt;-&lt;5-char suffix&gt;</c> for a pod — is at most 63 characters.
/// </summary>
internal static partial class ResourceNames
{
    /// <summary>The longest suffix KServe adds in Standard (raw) mode: <c>-predictor-</c> + a 10-character ReplicaSet hash + <c>-</c> + a 5-character pod suffix.</summary>
    public const int KserveSuffixLength = 27;

    /// <summary>The longest name Compass gives a deployment: 63 − <see cref="KserveSuffixLength"/>.</summary>
    public const int MaxNameLength = 63 - KserveSuffixLength;

    private const int HashLength = 6;

    /// <summary>Derives a short, valid, stable name from a model id: lower-cased, every other character turned into '-', trimmed; a stable hash of the id is appended when characters were dropped or the name was cut.</summary>
    /// <param name="model">The model id (any text).</param>
    /// <returns>A name that passes <see cref="IsValidName"/>.</returns>
    public static string Derive(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var name = model.Contains('/', StringComparison.Ordinal) ? model[(model.LastIndexOf('/') + 1)..] : model;
        var builder = new StringBuilder(name.Length);
        var lossy = false;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                lossy |= c is not ('-' or '.' or '_');
                builder.Append('-');
            }
        }

        var cleaned = Dashes().Replace(builder.ToString(), "-").Trim('-');
        if (cleaned.Length == 0 || !char.IsAsciiLetter(cleaned[0]))
        {
            cleaned = "m-" + cleaned;
            lossy = true;
        }

        var budget = MaxNameLength - HashLength - 1;
        if (!lossy && cleaned.Length <= MaxNameLength)
        {
            return cleaned.TrimEnd('-');
        }

        var stem = (cleaned.Length > budget ? cleaned[..budget] : cleaned).TrimEnd('-');
        return $"{stem}-{Hash(model)}";
    }

    /// <summary>Derives the name for a model.</summary>
    /// <param name="model">The model id.</param>
    /// <returns>The name.</returns>
    public static string Derive(ModelId model) => Derive(model.Value);

    /// <summary>Gets whether a name may be used for a deployment: a DNS-1123 label starting with a letter, at most <see cref="MaxNameLength"/> characters.</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when it may.</returns>
    public static bool IsValidName(string name)
        => name is not null && name.Length <= MaxNameLength && IsDnsLabel(name) && char.IsAsciiLetter(name[0]);

    /// <summary>Gets whether a text is a DNS-1123 label (at most 63 lower-case letters, digits and '-', alphanumeric at both ends).</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool IsDnsLabel(string text) => text is { Length: > 0 and <= 63 } && DnsLabel().IsMatch(text);

    /// <summary>Gets whether a text is a DNS-1123 subdomain (dot-separated labels, at most 253 characters).</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool IsDnsSubdomain(string text) => text is { Length: > 0 and <= 253 } && text.Split('.').All(IsDnsLabel);

    /// <summary>Gets the name of the Deployment (and Service) KServe creates for the predictor in Standard mode.</summary>
    /// <param name="name">The InferenceService name.</param>
    /// <returns><c>&lt;name&gt;-predictor</c>.</returns>
    public static string Predictor(string name) => $"{name}-predictor";

    private static string Hash(string text)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..HashLength];

    [GeneratedRegex("-{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Dashes();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
