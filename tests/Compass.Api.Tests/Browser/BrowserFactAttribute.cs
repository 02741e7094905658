namespace Compass.Api.Tests.Browser;

/// <summary>
/// A fact that needs a real Chromium (the Debian <c>chromium</c> package at <see cref="ChromiumPath"/>, or the path in
/// <c>COMPASS_CHROMIUM</c>). Without one the test is skipped locally; with <c>CI=true</c> it runs and fails, so a
/// machine that lost its browser cannot pass silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Where the Debian package installs the browser.</summary>
    public const string DefaultChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && !IsCi)
        {
            Skip = $"No Chromium at {ChromiumPath} (install the Debian package chromium, or set COMPASS_CHROMIUM); on CI (CI=true) this fails instead.";
        }
    }

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("COMPASS_CHROMIUM") is { Length: > 0 } path ? path : DefaultChromiumPath;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
