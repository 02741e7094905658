namespace Compass.Simulator;

/// <summary>
/// One broken rule of the simulator's settings, kept in parts so that each host names the setting in its own terms: the
/// options validator by its property (<c>MaxNumSeqs must be …</c>), the simulator process by the flag, variable or
/// configuration key the value came from (<c>--max-num-seqs must be …</c>).
/// </summary>
/// <param name="Property">The <see cref="CompassSimulatorOptions"/> or <see cref="SimulatorHostSettings"/> property at fault.</param>
/// <param name="Requirement">What it must be, e.g. "must be an integer from 1 to 100000".</param>
/// <param name="Value">The value it holds, as shown after "got", or null when showing it adds nothing.</param>
internal sealed record OptionProblem(string Property, string Requirement, string? Value = null)
{
    /// <summary>Says the problem with the setting named <paramref name="name"/>; <paramref name="value"/> replaces <see cref="Value"/> when given.</summary>
    public string Describe(string name, string? value = null)
        => (value ?? Value) is { } shown ? $"{name} {Requirement}; got {shown}." : $"{name} {Requirement}.";

    /// <inheritdoc/>
    public override string ToString() => Describe(Property);
}
