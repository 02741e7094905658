using Microsoft.Extensions.Configuration;

namespace Compass.Simulator;

/// <summary>
/// The simulator's environment variables as a configuration source: each setting's <c>COMPASS_SIM_*</c> variable (named
/// after its flag) becomes its configuration key, and vLLM's <c>VLLM_API_KEY</c> sets the API key unless
/// <c>COMPASS_SIM_API_KEY</c> does. Blank variables count as unset; other variables are not read, so that unrelated
/// variables with the prefix (a Kubernetes service link, for one) cannot stop the process.
/// </summary>
/// <param name="variables">The environment variables.</param>
internal sealed class SimulatorEnvironmentSource(IReadOnlyDictionary<string, string?> variables) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new SimulatorEnvironmentProvider(variables);
}

/// <summary>Reads <see cref="SimulatorEnvironmentSource"/>'s variables, and remembers which variable set each key.</summary>
internal sealed class SimulatorEnvironmentProvider(IReadOnlyDictionary<string, string?> variables) : ConfigurationProvider
{
    private readonly Dictionary<string, string> _variableOfKey = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the variable that set <paramref name="key"/>, or null.</summary>
    public string? VariableOf(string key) => _variableOfKey.GetValueOrDefault(key);

    public override void Load()
    {
        _variableOfKey.Clear();
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (SettingTable.ByKey.TryGetValue(nameof(CompassSimulatorOptions.ApiKey), out var apiKey))
        {
            Read(data, apiKey, SimulatorConfiguration.VllmApiKeyVariable);
        }

        foreach (var setting in SettingTable.All.Where(s => s.Kind != SettingKind.Ignored))
        {
            Read(data, setting, setting.EnvironmentVariable);
        }

        Data = data;
    }

    private void Read(Dictionary<string, string?> data, SettingDefinition setting, string variable)
    {
        if (variables.TryGetValue(variable, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            data[setting.ConfigurationKey] = value.Trim();
            _variableOfKey[setting.ConfigurationKey] = variable;
        }
    }
}
