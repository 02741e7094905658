using System.Net;

namespace Compass.Api.Endpoints;

/// <summary>Which endpoints a load test may target: loopback, and the hosts the operator listed.</summary>
internal static class LoadTargets
{
    /// <summary>Whether <paramref name="url"/>'s host is loopback or matches one of <paramref name="allowed"/> (exact, or <c>*.suffix</c>).</summary>
    public static bool Allowed(Uri url, IReadOnlyList<string> allowed)
    {
        var host = url.IdnHost.TrimEnd('.');
        if (url.IsLoopback || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)))
        {
            return true;
        }

        foreach (var entry in allowed)
        {
            var pattern = entry.Trim().TrimEnd('.');
            if (pattern.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1
                : string.Equals(host, pattern.Trim('[', ']'), StringComparison.OrdinalIgnoreCase) || string.Equals(host.Trim('[', ']'), pattern.Trim('[', ']'), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
