using System.Globalization;

namespace Compass.Simulator;

/// <summary>The allowed range of one numeric setting, so that reading the configuration and the options validator check the same bounds.</summary>
/// <param name="Property">The <see cref="CompassSimulatorOptions"/> property (or host setting) it bounds.</param>
/// <param name="Min">The smallest value allowed.</param>
/// <param name="Max">The largest value allowed.</param>
/// <param name="Integer">Whether only whole numbers are allowed.</param>
/// <param name="Unit">What the number counts, when that is not plain (e.g. "seconds" for a duration).</param>
internal sealed record NumericLimit(string Property, double Min, double Max, bool Integer, string? Unit = null)
{
    public bool Allows(double value) => value >= Min && value <= Max && (!Integer || Math.Floor(value) == value);

    /// <summary>Says what is allowed, e.g. "an integer from 1 to 100000" or "a number of seconds from 0 to 86400".</summary>
    public string Describe()
        => string.Create(CultureInfo.InvariantCulture, $"{(Integer ? "an integer" : "a number")}{(Unit is null ? string.Empty : " of " + Unit)} from {Min} to {Max}");
}
