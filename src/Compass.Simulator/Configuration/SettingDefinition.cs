namespace Compass.Simulator;

/// <summary>How a setting appears on the command line.</summary>
internal enum SettingKind
{
    /// <summary>A flag with a value: <c>--name=value</c> or <c>--name value</c>.</summary>
    Value,

    /// <summary>A flag that is on when given alone; <c>--name=false</c> turns it off.</summary>
    Switch,

    /// <summary>A vLLM flag that is accepted and ignored, so that a vLLM command line can be reused as it is.</summary>
    Ignored,
}

/// <summary>
/// One setting of the simulator process, in every form it takes: its flag, its configuration key (the property it sets),
/// its environment variable, its line in <c>--help</c>, and how its text is read.
/// </summary>
/// <param name="Flag">The flag without its dashes, e.g. <c>max-num-seqs</c>.</param>
/// <param name="Key">The <see cref="CompassSimulatorOptions"/> or <see cref="SimulatorHostSettings"/> property it sets, which is also its configuration key.</param>
/// <param name="Kind">How it appears on the command line.</param>
/// <param name="ValueName">What <c>--help</c> shows as its value, e.g. <c>N</c>.</param>
/// <param name="Description">What <c>--help</c> says it does.</param>
/// <param name="Default">What <c>--help</c> shows as its default.</param>
/// <param name="Apply">Reads the text and sets the property; throws a <see cref="FormatException"/> saying what the value must be.</param>
internal sealed record SettingDefinition(string Flag, string Key, SettingKind Kind, string ValueName, string Description, string Default, Action<SettingTarget, string>? Apply)
{
    /// <summary>Gets the flag as typed, e.g. <c>--max-num-seqs</c>.</summary>
    public string Option => "--" + Flag;

    /// <summary>Gets the environment variable, e.g. <c>COMPASS_SIM_MAX_NUM_SEQS</c>.</summary>
    public string EnvironmentVariable => SimulatorConfiguration.EnvironmentPrefix + Flag.ToUpperInvariant().Replace('-', '_');

    /// <summary>Gets the full configuration key, e.g. <c>CompassSimulator:MaxNumSeqs</c>.</summary>
    public string ConfigurationKey => SimulatorConfiguration.SectionName + ":" + Key;
}

/// <summary>What reading the settings fills: the simulator's options and where the process listens.</summary>
internal sealed class SettingTarget(CompassSimulatorOptions options)
{
    public CompassSimulatorOptions Options { get; } = options;

    public SimulatorHostSettings Host { get; set; } = new();
}
