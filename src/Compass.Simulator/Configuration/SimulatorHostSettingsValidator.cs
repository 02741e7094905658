using System.Globalization;
using System.Net;

namespace Compass.Simulator;

/// <summary>Checks <see cref="SimulatorHostSettings"/>: an address this process can listen on, and the ranges of <see cref="OptionLimits"/>.</summary>
internal static class SimulatorHostSettingsValidator
{
    /// <summary>Returns one problem per broken rule; none when the settings are valid.</summary>
    public static List<OptionProblem> Check(SimulatorHostSettings host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var problems = new List<OptionProblem>();
        var address = host.Host?.Trim() ?? string.Empty;
        if (!string.Equals(address, "localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(address.Trim('[', ']'), out _))
        {
            problems.Add(new(nameof(host.Host), "must be an IP address (127.0.0.1, 0.0.0.0, ::) or localhost", $"'{Quoted.Shown(address)}'"));
        }

        foreach (var (limit, value) in new[] { (OptionLimits.Port, host.Port), (OptionLimits.MaxConnections, host.MaxConnections) })
        {
            if (!limit.Allows(value))
            {
                problems.Add(new(limit.Property, "must be " + limit.Describe(), value.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return problems;
    }
}
