using System.Globalization;

namespace Compass.Simulator;

/// <summary>The allowed range of one numeric setting, known by its flag and its property, so that the command line and the options validator check the same bounds.</summary>
/// <param name="Flag">The flag, e.g. <c>--max-num-seqs</c>.</param>
/// <param name="Property">The <see cref="CompassSimulatorOptions"/> property (or host setting) it sets.</param>
/// <param name="Min">The smallest value allowed.</param>
/// <param name="Max">The largest value allowed.</param>
/// <param name="Integer">Whether only whole numbers are allowed.</param>
internal sealed record NumericLimit(string Flag, string Property, double Min, double Max, bool Integer)
{
    public bool Allows(double value) => value >= Min && value <= Max && (!Integer || Math.Floor(value) == value);

    /// <summary>Says what is allowed, e.g. "an integer from 1 to 100000".</summary>
    public string Describe()
        => string.Create(CultureInfo.InvariantCulture, $"{(Integer ? "an integer" : "a number")} from {Min} to {Max}");
}
