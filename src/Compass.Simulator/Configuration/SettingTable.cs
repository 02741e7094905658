using System.Collections.Frozen;
using System.Text;
using O = Compass.Simulator.CompassSimulatorOptions;

namespace Compass.Simulator;

/// <summary>
/// Every setting of the simulator process, once: the flags, their switch mappings to configuration keys, the
/// environment variables, the <c>--help</c> text and the reading of each value all come from this table, so that they
/// cannot drift apart. The value flags are the ones Compass.Kserve's simulator mode passes (<c>--model --gpu
/// --tensor-parallel-size --quantization --kv-cache-dtype --max-model-len --max-num-seqs --max-num-batched-tokens --port
/// --served-model-name</c>) plus the simulator's own.
/// </summary>
internal static class SettingTable
{
    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        Value("model", nameof(O.Model), "ID", "catalog model to simulate (id or alias)", "meta-llama/Llama-3.1-8B-Instruct", (t, v) => t.Options.Model = v),
        Value("served-model-name", nameof(O.ServedModelName), "NAME", "name clients send and /v1/models lists", "the model", (t, v) => t.Options.ServedModelName = v),
        Value("gpu", nameof(O.Gpu), "TYPE", "GPU class (H100, A100-80GB, L4, MI300X, ...)", "H100", (t, v) => t.Options.Gpu = v),
        Value("tensor-parallel-size", nameof(O.TensorParallel), "N", "GPUs per replica, 1-64", "1",
            (t, v) => t.Options.TensorParallel = SettingValues.Integer(v, OptionLimits.TensorParallel)),
        Value("quantization", nameof(O.Quantization), "FORMAT", "bf16, fp8, w8a8, w4a16, mxfp4", "model's native",
            (t, v) => t.Options.Quantization = SettingValues.QuantizationName(v)),
        Value("kv-cache-dtype", nameof(O.KvCacheDtype), "auto|fp8", "KV-cache element type", "auto", (t, v) => t.Options.KvCacheDtype = SettingValues.KvCache(v)),
        Value("max-model-len", nameof(O.MaxModelLen), "N", "longest prompt + output, tokens; at most the model's context", "model context, capped by KV",
            (t, v) => t.Options.MaxModelLen = SettingValues.Integer(v, OptionLimits.MaxModelLen)),
        Value("max-num-seqs", nameof(O.MaxNumSeqs), "N", "most sequences running at once, 1-100000", "256",
            (t, v) => t.Options.MaxNumSeqs = SettingValues.Integer(v, OptionLimits.MaxNumSeqs)),
        Value("max-num-batched-tokens", nameof(O.MaxNumBatchedTokens), "N", "token budget of one step (chunked prefill)", "8192",
            (t, v) => t.Options.MaxNumBatchedTokens = SettingValues.Integer(v, OptionLimits.MaxNumBatchedTokens)),
        Value("gpu-memory-utilization", nameof(O.GpuMemoryUtilization), "F", "share of GPU memory for vLLM, 0.05-1", "0.9",
            (t, v) => t.Options.GpuMemoryUtilization = SettingValues.Number(v, OptionLimits.GpuMemoryUtilization)),
        Value("seed", nameof(O.Seed), "N", "seed of response text and fault draws", "42", (t, v) => t.Options.Seed = SettingValues.Integer(v, OptionLimits.Seed)),
        Value("startup-delay", nameof(O.StartupDelay), "SECONDS", "/health/ready and the API answer 503 this long", "0",
            (t, v) => t.Options.StartupDelay = SettingValues.Seconds(v, OptionLimits.StartupDelay)),
        Value("response-mode", nameof(O.ResponseMode), "lorem|echo|canned", "what the answers say", "lorem", (t, v) => t.Options.ResponseMode = SettingValues.Mode(v)),
        Value("use-case", nameof(O.UseCase), "ID", "use case for canned answers and answer lengths", "chatbot_conversational", (t, v) => t.Options.UseCase = v),
        Value("max-request-body-bytes", nameof(O.MaxRequestBodyBytes), "N", "larger bodies get 413, at most 268435456", "4194304",
            (t, v) => t.Options.MaxRequestBodyBytes = SettingValues.Integer(v, OptionLimits.MaxRequestBodyBytes)),
        Value("max-waiting-requests", nameof(O.MaxWaitingRequests), "N", "refuse new requests while N wait (0 = no limit)", "1024",
            (t, v) => t.Options.MaxWaitingRequests = SettingValues.Integer(v, OptionLimits.MaxWaitingRequests)),
        Value("queue-full-status-code", nameof(O.QueueFullStatusCode), "429|503", "status of a refused request", "429",
            (t, v) => t.Options.QueueFullStatusCode = SettingValues.QueueFullStatusCode(v)),
        Value("api-key", nameof(O.ApiKey), "KEY", $"require Authorization: Bearer KEY on /v1/* (or {SimulatorConfiguration.VllmApiKeyVariable})", "none",
            (t, v) => t.Options.ApiKey = v),
        Value("host", nameof(SimulatorHostSettings.Host), "ADDRESS", "address to listen on (0.0.0.0: every interface)", SimulatorHostSettings.DefaultHost,
            (t, v) => t.Host = t.Host with { Host = SettingValues.HostAddress(v) }),
        Value("port", nameof(SimulatorHostSettings.Port), "N", "HTTP port, 0-65535 (0: any free port)", "8080",
            (t, v) => t.Host = t.Host with { Port = SettingValues.Integer(v, OptionLimits.Port) }),
        Value("max-connections", nameof(SimulatorHostSettings.MaxConnections), "N", "most open connections; more are closed on arrival", "4096",
            (t, v) => t.Host = t.Host with { MaxConnections = SettingValues.Integer(v, OptionLimits.MaxConnections) }),
        Value("fault-rate", nameof(O.FaultRate), "F", "fraction of requests failed on purpose", "0",
            (t, v) => t.Options.FaultRate = SettingValues.Number(v, OptionLimits.FaultRate)),
        Value("fault-status-codes", nameof(O.FaultStatusCodes), "A,B", "status codes of injected failures", "500,503",
            (t, v) => t.Options.FaultStatusCodes = SettingValues.StatusCodes(v)),
        Switch("enable-fault-header", nameof(O.EnableFaultHeader), "honour the X-Compass-Fault request header", "off",
            (t, v) => t.Options.EnableFaultHeader = SettingValues.Switch(v)),
        Value("slow-start", nameof(O.SlowStartDuration), "SECONDS", "after readiness, steps are slower for this long", "0",
            (t, v) => t.Options.SlowStartDuration = SettingValues.Seconds(v, OptionLimits.SlowStart)),
        Value("slow-start-factor", nameof(O.SlowStartFactor), "F", "how many times slower at readiness, falling to 1", "3",
            (t, v) => t.Options.SlowStartFactor = SettingValues.Number(v, OptionLimits.SlowStartFactor)),
        Ignored("enable-prefix-caching"),
        Ignored("disable-log-requests"),
        Ignored("trust-remote-code"),
        Ignored("enforce-eager"),
    ];

    /// <summary>Gets the settings by flag (without dashes; case matters, as in vLLM).</summary>
    public static FrozenDictionary<string, SettingDefinition> ByFlag { get; } = All.ToFrozenDictionary(s => s.Flag, StringComparer.Ordinal);

    /// <summary>Gets the settings that are read, by configuration key (the property name; any case, as configuration keys are).</summary>
    public static FrozenDictionary<string, SettingDefinition> ByKey { get; } =
        All.Where(s => s.Kind != SettingKind.Ignored).ToFrozenDictionary(s => s.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the command-line switch mappings: each flag (<c>--max-num-seqs</c>) to its configuration key (<c>CompassSimulator:MaxNumSeqs</c>).</summary>
    public static IDictionary<string, string> SwitchMappings { get; } =
        All.Where(s => s.Kind != SettingKind.Ignored).ToDictionary(s => s.Option, s => s.ConfigurationKey, StringComparer.Ordinal);

    /// <summary>Gets the <c>--help</c> text: one line per flag, then where else settings come from and the exit codes.</summary>
    public static string Usage { get; } = BuildUsage();

    private static string BuildUsage()
    {
        var rows = All.Where(s => s.Kind != SettingKind.Ignored)
            .Select(s => (Flag: s.Kind == SettingKind.Switch ? s.Option : $"{s.Option}={s.ValueName}", s.Description, s.Default, s.Key))
            .ToList();
        var flagWidth = rows.Max(r => r.Flag.Length) + 2;
        var descriptionWidth = rows.Max(r => r.Description.Length) + 2;
        var defaultWidth = rows.Max(r => r.Default.Length) + 4;
        var text = new StringBuilder();
        text.Append("  ").Append("FLAG".PadRight(flagWidth)).Append("MEANING".PadRight(descriptionWidth)).Append("[DEFAULT]".PadRight(defaultWidth)).AppendLine("KEY");
        foreach (var (flag, description, value, key) in rows)
        {
            text.Append("  ").Append(flag.PadRight(flagWidth)).Append(description.PadRight(descriptionWidth)).Append($"[{value}]".PadRight(defaultWidth)).AppendLine(key);
        }

        var prefix = SimulatorConfiguration.EnvironmentPrefix;
        return text.AppendLine()
            .AppendLine($"Accepted and ignored, as in vLLM: {string.Join(", ", All.Where(s => s.Kind == SettingKind.Ignored).Select(s => s.Option))}.")
            .AppendLine($"Every flag can also be set as {prefix}<FLAG> ({prefix}MAX_NUM_SEQS=64), or by its KEY in the \"{SimulatorConfiguration.SectionName}\" section")
            .AppendLine($"of {SimulatorConfiguration.SettingsFileName} in the working folder; flags win over variables, and variables over the file.")
            .AppendLine("Exit codes: 0 stopped cleanly or --help; 1 unexpected failure; 2 bad flag or value;")
            .AppendLine("3 the deployment cannot be simulated (unknown model, GPU or use case, does not fit, --max-model-len too large);")
            .Append("4 cannot listen on --host:--port (port busy, address not on this machine, no permission).")
            .ToString();
    }

    private static SettingDefinition Value(string flag, string key, string valueName, string description, string defaultText, Action<SettingTarget, string> apply)
        => new(flag, key, SettingKind.Value, valueName, description, defaultText, apply);

    private static SettingDefinition Switch(string flag, string key, string description, string defaultText, Action<SettingTarget, string> apply)
        => new(flag, key, SettingKind.Switch, string.Empty, description, defaultText, apply);

    private static SettingDefinition Ignored(string flag) => new(flag, string.Empty, SettingKind.Ignored, string.Empty, "accepted and ignored, as in vLLM", string.Empty, null);
}
