using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Compass.Kserve.Tests.Monitoring;

/// <summary>
/// Finds the Prometheus tools the monitoring tests run: the Debian packages <c>prometheus</c> (prometheus, promtool) and
/// <c>prometheus-alertmanager</c> (prometheus-alertmanager, amtool), or the paths in <c>COMPASS_PROMETHEUS</c>,
/// <c>COMPASS_PROMTOOL</c>, <c>COMPASS_ALERTMANAGER</c> and <c>COMPASS_AMTOOL</c>.
/// </summary>
internal static class MonitoringTools
{
    public const string Install = "install the Debian packages prometheus and prometheus-alertmanager (apt-get install prometheus prometheus-alertmanager), or set COMPASS_PROMETHEUS, COMPASS_PROMTOOL, COMPASS_ALERTMANAGER and COMPASS_AMTOOL";

    public static string? Prometheus { get; } = Find("COMPASS_PROMETHEUS", "prometheus");

    public static string? Promtool { get; } = Find("COMPASS_PROMTOOL", "promtool");

    public static string? Alertmanager { get; } = Find("COMPASS_ALERTMANAGER", "prometheus-alertmanager", "alertmanager");

    public static string? Amtool { get; } = Find("COMPASS_AMTOOL", "amtool");

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the tests cannot run here, or <see langword="null"/> when every tool is present.</summary>
    public static string? Missing
    {
        get
        {
            var missing = new[] { ("prometheus", Prometheus), ("promtool", Promtool), ("prometheus-alertmanager", Alertmanager), ("amtool", Amtool) }
                .Where(t => t.Item2 is null).Select(t => t.Item1).ToList();
            return missing.Count == 0 ? null : $"{string.Join(", ", missing)} not found: {Install}.";
        }
    }

    /// <summary>The path of a tool, or a failure that says what to install.</summary>
    public static string Require(string? path, string name)
        => path ?? throw new InvalidOperationException($"{name} not found (CI=true runs these tests instead of skipping them): {Install}.");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a tool to completion (bounded), returning its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', args)} did not finish within 60 s");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    private static string? Find(string variable, params string[] names)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given)
        {
            return File.Exists(given) ? given : null;
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin");
        return names.SelectMany(n => folders.Select(f => Path.Combine(f, n))).FirstOrDefault(File.Exists);
    }
}

/// <summary>
/// A fact that needs the Prometheus tools (<see cref="MonitoringTools"/>). Without them it is skipped locally; with
/// <c>CI=true</c> it runs and fails, naming the packages to install, so a machine that lost them cannot pass silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MonitoringFactAttribute : FactAttribute
{
    public MonitoringFactAttribute()
    {
        if (MonitoringTools.Missing is { } why && !MonitoringTools.IsCi)
        {
            Skip = why + " On CI (CI=true) this fails instead.";
        }
    }
}

/// <summary>The theory form of <see cref="MonitoringFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MonitoringTheoryAttribute : TheoryAttribute
{
    public MonitoringTheoryAttribute()
    {
        if (MonitoringTools.Missing is { } why && !MonitoringTools.IsCi)
        {
            Skip = why + " On CI (CI=true) this fails instead.";
        }
    }
}
