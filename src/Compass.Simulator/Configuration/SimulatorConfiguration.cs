using System.Globalization;
using Compass.Core.Knowledge;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;

namespace Compass.Simulator;

/// <summary>
/// Reads the simulator's settings through Microsoft.Extensions.Configuration and binds them to
/// <see cref="CompassSimulatorOptions"/> and <see cref="SimulatorHostSettings"/>. The sources, each winning over the one
/// before: the <c>CompassSimulator</c> section of a JSON file (keys are the property names, <c>"MaxNumSeqs": 64</c>);
/// environment variables named <c>COMPASS_SIM_</c> + the flag in upper case with <c>_</c> for <c>-</c>
/// (<c>COMPASS_SIM_MAX_NUM_SEQS=64</c>; vLLM's <c>VLLM_API_KEY</c> too); and vLLM-style flags (<c>--max-num-seqs=64</c> or
/// <c>--max-num-seqs 64</c>), switch-mapped to the same keys. The flags are the ones Compass.Kserve's simulator mode
/// passes plus the simulator's own; <see cref="Usage"/> lists them. Every value is checked: an unknown flag or key, a flag
/// without its value, or a value that is malformed, zero, negative or out of range throws a one-line
/// <see cref="FormatException"/> naming the flag, variable or key it came from and what it accepts.
/// </summary>
public static class SimulatorConfiguration
{
    /// <summary>The configuration section the settings are bound from.</summary>
    public const string SectionName = "CompassSimulator";

    /// <summary>The prefix of the environment variables read.</summary>
    public const string EnvironmentPrefix = "COMPASS_SIM_";

    /// <summary>vLLM's environment variable for the API key, read when <c>COMPASS_SIM_API_KEY</c> is not set.</summary>
    public const string VllmApiKeyVariable = "VLLM_API_KEY";

    /// <summary>The JSON file the simulator process reads from its working folder, when there is one.</summary>
    public const string SettingsFileName = "appsettings.json";

    /// <summary>Gets the flags, their meaning, defaults and configuration keys, one per line, then the other sources and the exit codes.</summary>
    public static string Usage => SettingTable.Usage;

    /// <summary>Builds the configuration from a JSON file, the environment and the command line, checking the flags.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="environment">The environment variables (null: none).</param>
    /// <param name="settingsFile">A JSON file whose <see cref="SectionName"/> section holds settings (null, or a missing file: none).</param>
    /// <returns>The configuration, for <see cref="Bind"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="args"/> is null.</exception>
    /// <exception cref="FormatException">A flag is unknown or lacks its value, an argument is not a flag, or the file is not valid JSON (one line).</exception>
    public static IConfigurationRoot Build(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? settingsFile = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var arguments = CheckArguments(args);
        var builder = new ConfigurationBuilder();
        if (settingsFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(settingsFile), optional: true, reloadOnChange: false);
        }

        if (environment is not null)
        {
            builder.Add(new SimulatorEnvironmentSource(environment));
        }

        builder.AddCommandLine([.. arguments], SettingTable.SwitchMappings);
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException e)
        {
            var cause = e.InnerException?.InnerException ?? e.InnerException ?? e;
            throw new FormatException($"{settingsFile} is not valid JSON ({cause.Message}); correct it or remove it.", e);
        }
    }

    /// <summary>
    /// Binds the <see cref="SectionName"/> section of <paramref name="configuration"/> to <paramref name="options"/> (keys not
    /// given leave their property as it is) and validates the result.
    /// </summary>
    /// <param name="configuration">The configuration, e.g. from <see cref="Build"/>.</param>
    /// <param name="options">The options to set.</param>
    /// <returns>Where to listen (<c>Host</c>, <c>Port</c>, <c>MaxConnections</c>), defaults where not given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="FormatException">A key is unknown, or a value does not parse, is out of range or breaks a rule of the options (one line naming where it came from).</exception>
    public static SimulatorHostSettings Bind(IConfiguration configuration, CompassSimulatorOptions options)
        => Read(configuration, options).Host;

    /// <summary>Applies the environment, then the flags, to <paramref name="options"/>: <see cref="Build"/> then <see cref="Bind"/>, with no JSON file.</summary>
    /// <param name="options">The options to set.</param>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="environment">The environment variables (null: none).</param>
    /// <returns>Where to listen (<c>--host</c>, <c>--port</c>, <c>--max-connections</c>), defaults where not given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="args"/> is null.</exception>
    /// <exception cref="FormatException">A flag is unknown or lacks its value, or a value does not parse or is out of range (one line naming the flag or variable).</exception>
    public static SimulatorHostSettings Apply(CompassSimulatorOptions options, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Bind(Build(args, environment), options);
    }

    /// <summary>Binds and validates as <see cref="Bind"/> does, and also returns how to name each setting after where it came from.</summary>
    internal static (SimulatorHostSettings Host, SettingSources Sources) Read(IConfiguration configuration, CompassSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var sources = new SettingSources(configuration);
        foreach (var key in configuration.GetSection(SectionName).GetChildren().Select(c => c.Key))
        {
            if (!SettingTable.ByKey.ContainsKey(key))
            {
                var close = NameMatching.Closest(key, SettingTable.ByKey.Keys.Select(k => (k, k)), max: 1);
                throw new FormatException(
                    $"Unknown setting {sources.NameOfKey(key)}.{(close.Count == 0 ? string.Empty : $" Did you mean {close[0]}?")} The KEY column of --help lists the settings.");
            }
        }

        // Every value each source gives is checked, also one that a later source overrides: a bad variable is a mistake
        // even while a flag hides it. (The command line's values were checked as they were given, by Build.)
        foreach (var (name, setting, text) in sources.Given().Where(g => g.Source is not CommandLineConfigurationProvider).Select(g => (g.Name, g.Setting, g.Text)))
        {
            if (Problem(setting, text, name) is { } problem)
            {
                throw new FormatException(problem);
            }
        }

        var target = new SettingTarget(options);
        foreach (var setting in SettingTable.All.Where(s => s.Kind != SettingKind.Ignored))
        {
            if (sources.Text(setting) is not { } text || string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            try
            {
                setting.Apply!(target, text);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{sources.Name(setting.Key)} {e.Message}; got '{Quoted.Shown(text)}'.");
            }
        }

        var problems = CompassSimulatorOptionsValidator.Check(options).Concat(SimulatorHostSettingsValidator.Check(target.Host)).ToList();
        return problems.Count > 0
            ? throw new FormatException(sources.Describe(problems[0]) + More(problems.Count - 1))
            : (target.Host, sources);
    }

    // Checks the shape of the command line, which the configuration provider does not: it would take "--model --seed=1"
    // as the model "--seed=1", accept any flag and skip stray words. Returns the flags as --name=value, switches included.
    private static List<string> CheckArguments(IReadOnlyList<string> args)
    {
        var checkedArgs = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i] ?? string.Empty;
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new FormatException($"Unexpected argument '{Quoted.Shown(arg)}'; flags look like --name=value (run with --help to list them).");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = eq < 0 ? arg[2..] : arg[2..eq];
            SettingTable.ByFlag.TryGetValue(flag, out var setting);
            if (setting?.Kind == SettingKind.Ignored)
            {
                continue;
            }

            if (setting?.Kind == SettingKind.Switch)
            {
                var on = eq < 0 ? "true" : arg[(eq + 1)..];
                checkedArgs.Add(Problem(setting, on, setting.Option) is { } wrong ? throw new FormatException(wrong) : $"{setting.Option}={on}");
                continue;
            }

            if (flag.Any(char.IsWhiteSpace))
            {
                throw new FormatException($"'{Quoted.Shown(arg)}' is one argument holding a space; pass the flag and its value as two arguments, or as --name=value.");
            }

            if (setting is null)
            {
                var close = NameMatching.Closest(flag, SettingTable.All.Select(s => (s.Flag, s.Option)), max: 1);
                throw new FormatException(
                    $"Unknown flag --{Quoted.Shown(flag)}.{(close.Count == 0 ? string.Empty : $" Did you mean {close[0]}?")} Run with --help to list the flags.");
            }

            string value;
            if (eq >= 0)
            {
                value = arg[(eq + 1)..];
            }
            else if (i + 1 < args.Count && args[i + 1] is { } next && !next.StartsWith("--", StringComparison.Ordinal))
            {
                value = next;
                i++;
            }
            else
            {
                throw new FormatException($"{setting.Option} needs a value: {setting.Option}=VALUE.");
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                throw new FormatException($"{setting.Option} needs a value; it was empty.");
            }

            // Each value is checked as it is given, so that "--port eighty --port=0" fails as vLLM would, though the last one wins.
            checkedArgs.Add(Problem(setting, value, setting.Option) is { } problem ? throw new FormatException(problem) : $"{setting.Option}={value}");
        }

        return checkedArgs;
    }

    // Says what is wrong with one value of a setting, by itself: its type, then the rules of its own property. Null: nothing.
    private static string? Problem(SettingDefinition setting, string text, string name)
    {
        var scratch = new SettingTarget(new CompassSimulatorOptions());
        try
        {
            setting.Apply!(scratch, text);
        }
        catch (FormatException e)
        {
            return $"{name} {e.Message}; got '{Quoted.Shown(text)}'.";
        }

        return CompassSimulatorOptionsValidator.Check(scratch.Options).Concat(SimulatorHostSettingsValidator.Check(scratch.Host))
            .FirstOrDefault(p => p.Property == setting.Key)?.Describe(name, $"'{Quoted.Shown(text)}'");
    }

    private static string More(int count) => count switch
    {
        0 => string.Empty,
        1 => " (and 1 more problem)",
        _ => string.Create(CultureInfo.InvariantCulture, $" (and {count} more problems)"),
    };
}

/// <summary>
/// Where each setting of a configuration came from, so that a message names it as its user gave it: the flag
/// (<c>--max-num-seqs</c>), the variable (<c>COMPASS_SIM_MAX_NUM_SEQS</c>) or the key and file
/// (<c>CompassSimulator:MaxNumSeqs in appsettings.json</c>). A setting that was not given is named by its flag when the
/// configuration has a command line, else by its property.
/// </summary>
internal sealed class SettingSources(IConfiguration configuration)
{
    private readonly IConfigurationProvider[] _providers = configuration is IConfigurationRoot root ? [.. root.Providers.Reverse()] : [];

    /// <summary>Gets the text of a setting, or null when it is not given; a list (a JSON array) is joined with commas.</summary>
    public string? Text(SettingDefinition setting)
    {
        var section = configuration.GetSection(setting.ConfigurationKey);
        if (section.Value is { } value)
        {
            return value;
        }

        var items = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        return items.Count > 0 ? string.Join(',', items) : null;
    }

    /// <summary>Gets every value each source gives, also those a later source overrides, lowest source first.</summary>
    public IEnumerable<(IConfigurationProvider Source, SettingDefinition Setting, string Name, string Text)> Given()
    {
        foreach (var provider in _providers.Reverse())
        {
            foreach (var setting in SettingTable.All.Where(s => s.Kind != SettingKind.Ignored))
            {
                if (TextIn(provider, setting.ConfigurationKey) is { } text && !string.IsNullOrWhiteSpace(text))
                {
                    yield return (provider, setting, NameIn(provider, setting), text);
                }
            }
        }
    }

    /// <summary>Names the setting of <paramref name="property"/> as it was given.</summary>
    public string Name(string property)
        => SettingTable.ByKey.TryGetValue(property, out var setting)
            ? Provider(setting.ConfigurationKey) is { } provider
                ? NameIn(provider, setting)
                : _providers.OfType<CommandLineConfigurationProvider>().Any() ? setting.Option : setting.Key
            : property;

    /// <summary>Names a key of the settings section, with the file it is in.</summary>
    public string NameOfKey(string key)
    {
        var path = SimulatorConfiguration.SectionName + ":" + key;
        return Provider(path) is FileConfigurationProvider file ? $"{path} in {file.Source.Path}" : path;
    }

    /// <summary>Says <paramref name="problem"/> in terms of where its setting came from, with the value as given.</summary>
    public string Describe(OptionProblem problem)
        => SettingTable.ByKey.TryGetValue(problem.Property, out var setting) && Text(setting) is { } text
            ? problem.Describe(Name(problem.Property), $"'{Quoted.Shown(text)}'")
            : problem.Describe(Name(problem.Property));

    private static string NameIn(IConfigurationProvider provider, SettingDefinition setting) => provider switch
    {
        CommandLineConfigurationProvider => setting.Option,
        SimulatorEnvironmentProvider environment => environment.VariableOf(setting.ConfigurationKey) ?? setting.EnvironmentVariable,
        FileConfigurationProvider file => $"{setting.ConfigurationKey} in {file.Source.Path}",
        _ => setting.ConfigurationKey,
    };

    // A value, or the items of a list (a JSON array) joined with commas.
    private static string? TextIn(IConfigurationProvider provider, string key)
    {
        if (provider.TryGet(key, out var value))
        {
            return value;
        }

        var items = provider.GetChildKeys([], key).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(child => provider.TryGet(key + ":" + child, out var item) ? item : null).OfType<string>().ToList();
        return items.Count > 0 ? string.Join(',', items) : null;
    }

    private IConfigurationProvider? Provider(string key)
        => _providers.FirstOrDefault(p => p.TryGet(key, out _) || p.GetChildKeys([], key).Any());
}
