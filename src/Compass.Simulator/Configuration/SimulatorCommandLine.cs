using System.Globalization;
using System.Net;
using Compass.Core;
using Compass.Core.Knowledge;

namespace Compass.Simulator;

/// <summary>
/// Reads <see cref="CompassSimulatorOptions"/> and <see cref="SimulatorHostSettings"/> from vLLM-style flags
/// (<c>--max-num-seqs=64</c> or <c>--max-num-seqs 64</c>) and from environment variables named <c>COMPASS_SIM_</c> + the
/// flag in upper case with <c>_</c> for <c>-</c> (<c>COMPASS_SIM_MAX_NUM_SEQS=64</c>). Flags win over the environment.
/// The flags are the ones Compass.Kserve's simulator mode passes (<c>--model --gpu --tensor-parallel-size --quantization
/// --kv-cache-dtype --max-model-len --max-num-seqs --max-num-batched-tokens --port --served-model-name</c>) plus the
/// simulator's own. Every value is checked as it is read: a malformed, zero, negative or out-of-range value throws a
/// one-line <see cref="FormatException"/> naming the flag (or variable) and what it accepts.
/// </summary>
public static class SimulatorCommandLine
{
    /// <summary>The prefix of the environment variables read.</summary>
    public const string EnvironmentPrefix = "COMPASS_SIM_";

    /// <summary>vLLM's environment variable for the API key, read when <c>COMPASS_SIM_API_KEY</c> is not set.</summary>
    public const string VllmApiKeyVariable = "VLLM_API_KEY";

    private const int MaxShownLength = 80;

    private static readonly string[] ValueFlags =
    [
        "model", "served-model-name", "gpu", "tensor-parallel-size", "quantization", "kv-cache-dtype", "max-model-len",
        "max-num-seqs", "max-num-batched-tokens", "gpu-memory-utilization", "seed", "startup-delay", "response-mode",
        "use-case", "max-request-body-bytes", "fault-rate", "fault-status-codes", "max-waiting-requests",
        "queue-full-status-code", "slow-start", "slow-start-factor", "api-key", "host", "port", "max-connections",
    ];

    // Flags that take no value (true when present); "--flag=false" turns one off.
    private static readonly string[] SwitchFlags = ["enable-fault-header"];

    // vLLM flags the simulator accepts and ignores, so a vLLM command line can be reused as is.
    private static readonly string[] IgnoredVllmFlags = ["enable-prefix-caching", "disable-log-requests", "trust-remote-code", "enforce-eager"];

    /// <summary>Gets the flags and their meaning, one per line.</summary>
    public static string Usage { get; } = """
        --model=ID                     catalog model to simulate (id or alias)                      [meta-llama/Llama-3.1-8B-Instruct]
        --served-model-name=NAME       name clients send and /v1/models lists                       [the model]
        --gpu=TYPE                     GPU class (H100, A100-80GB, L4, MI300X, ...)                  [H100]
        --tensor-parallel-size=N       GPUs per replica, 1-64                                        [1]
        --quantization=FORMAT          bf16, fp8, w8a8, w4a16, mxfp4                                 [model's native]
        --kv-cache-dtype=auto|fp8      KV-cache element type                                         [auto]
        --max-model-len=N              longest prompt + output, tokens; at most the model's context  [model context, capped by KV]
        --max-num-seqs=N               most sequences running at once, 1-100000                      [256]
        --max-num-batched-tokens=N     token budget of one step (chunked prefill)                    [8192]
        --gpu-memory-utilization=F     share of GPU memory for vLLM, 0.05-1                          [0.9]
        --seed=N                       seed of response text and fault draws                         [42]
        --startup-delay=SECONDS        /health/ready and the API answer 503 this long                [0]
        --response-mode=lorem|echo|canned  what the answers say                                      [lorem]
        --use-case=ID                  use case for canned answers and answer lengths                [chatbot_conversational]
        --max-request-body-bytes=N     larger bodies get 413, at most 268435456                      [4194304]
        --max-waiting-requests=N       refuse new requests while N wait (0 = no limit)               [1024]
        --queue-full-status-code=429|503  status of a refused request                                [429]
        --api-key=KEY                  require Authorization: Bearer KEY on /v1/* (or VLLM_API_KEY)  [none]
        --host=ADDRESS                 address to listen on (0.0.0.0: every interface)               [127.0.0.1]
        --port=N                       HTTP port, 0-65535 (0: any free port)                         [8080]
        --max-connections=N            most open connections; more are closed on arrival             [4096]
        --fault-rate=F                 fraction of requests failed on purpose                        [0]
        --fault-status-codes=A,B       status codes of injected failures                             [500,503]
        --enable-fault-header          honour the X-Compass-Fault request header                     [off]
        --slow-start=SECONDS           after readiness, steps are slower for this long               [0]
        --slow-start-factor=F          how many times slower at readiness, falling to 1              [3]

        Every flag can also be set as COMPASS_SIM_<FLAG> (COMPASS_SIM_MAX_NUM_SEQS=64); flags win.
        Exit codes: 0 stopped cleanly or --help; 1 unexpected failure; 2 bad flag or value;
        3 the deployment cannot be simulated (unknown model, GPU or use case, does not fit, --max-model-len too large);
        4 cannot listen on --host:--port (port busy, address not on this machine, no permission).
        """;

    /// <summary>Applies the environment, then the flags, to <paramref name="options"/>.</summary>
    /// <param name="options">The options to set.</param>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="environment">The environment variables (null: none).</param>
    /// <returns>Where to listen (<c>--host</c>, <c>--port</c>, <c>--max-connections</c>), defaults where not given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="args"/> is null.</exception>
    /// <exception cref="FormatException">A flag is unknown or lacks its value, or a value does not parse or is out of range (one line naming the flag).</exception>
    public static SimulatorHostSettings Apply(CompassSimulatorOptions options, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(args);
        var host = new SimulatorHostSettings();
        if (environment is not null)
        {
            if (environment.TryGetValue(VllmApiKeyVariable, out var vllmKey) && !string.IsNullOrWhiteSpace(vllmKey))
            {
                host = Set(options, host, "api-key", vllmKey.Trim(), VllmApiKeyVariable);
            }

            foreach (var flag in ValueFlags.Concat(SwitchFlags))
            {
                var name = EnvironmentPrefix + flag.ToUpperInvariant().Replace('-', '_');
                if (environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
                {
                    host = Set(options, host, flag, value.Trim(), name);
                }
            }
        }

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i] ?? string.Empty;
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new FormatException($"Unexpected argument '{Shown(arg)}'; flags look like --name=value (run with --help to list them).");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = eq < 0 ? arg[2..] : arg[2..eq];
            if (IgnoredVllmFlags.Contains(flag, StringComparer.Ordinal))
            {
                continue;
            }

            if (SwitchFlags.Contains(flag, StringComparer.Ordinal))
            {
                host = Set(options, host, flag, eq < 0 ? "true" : arg[(eq + 1)..], "--" + flag);
                continue;
            }

            if (flag.Any(char.IsWhiteSpace))
            {
                throw new FormatException($"'{Shown(arg)}' is one argument holding a space; pass the flag and its value as two arguments, or as --name=value.");
            }

            if (!ValueFlags.Contains(flag, StringComparer.Ordinal))
            {
                throw new FormatException($"Unknown flag --{Shown(flag)}.{DidYouMean(flag)} Run with --help to list the flags.");
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
                throw new FormatException($"--{flag} needs a value: --{flag}=VALUE.");
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                throw new FormatException($"--{flag} needs a value; it was empty.");
            }

            host = Set(options, host, flag, value, "--" + flag);
        }

        return host;
    }

    /// <summary>Makes a value safe to quote in a one-line message: control characters escaped, long values cut.</summary>
    internal static string Shown(string value)
    {
        var text = value.Length > MaxShownLength ? value[..MaxShownLength] + "…" : value;
        return text.Any(char.IsControl)
            ? string.Concat(text.Select(c => char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : c.ToString()))
            : text;
    }

    private static string DidYouMean(string flag)
    {
        var all = ValueFlags.Concat(SwitchFlags).Concat(IgnoredVllmFlags);
        var close = NameMatching.Closest(flag, all.Select(f => (f, "--" + f)), max: 1);
        return close.Count == 0 ? string.Empty : $" Did you mean {close[0]}?";
    }

    private static SimulatorHostSettings Set(CompassSimulatorOptions o, SimulatorHostSettings host, string flag, string value, string source)
    {
        switch (flag)
        {
            case "model": o.Model = value; break;
            case "served-model-name": o.ServedModelName = value; break;
            case "gpu": o.Gpu = value; break;
            case "tensor-parallel-size": o.TensorParallel = Int(value, source, OptionLimits.TensorParallel); break;
            case "quantization": o.Quantization = QuantizationName(value, source); break;
            case "kv-cache-dtype":
                o.KvCacheDtype = KvCacheFormat.TryParse(value, out var kv)
                    ? kv
                    : throw new FormatException($"{source} must be one of {string.Join(", ", KvCacheFormat.Names)}; got '{Shown(value)}'.");
                break;
            case "max-model-len": o.MaxModelLen = Int(value, source, OptionLimits.MaxModelLen); break;
            case "max-num-seqs": o.MaxNumSeqs = Int(value, source, OptionLimits.MaxNumSeqs); break;
            case "max-num-batched-tokens": o.MaxNumBatchedTokens = Int(value, source, OptionLimits.MaxNumBatchedTokens); break;
            case "gpu-memory-utilization": o.GpuMemoryUtilization = Number(value, source, OptionLimits.GpuMemoryUtilization); break;
            case "seed": o.Seed = Int(value, source, new NumericLimit("--seed", nameof(o.Seed), int.MinValue, int.MaxValue, Integer: true)); break;
            case "startup-delay": o.StartupDelay = TimeSpan.FromSeconds(Number(value, source, OptionLimits.StartupDelay)); break;
            case "response-mode":
                o.ResponseMode = Enum.TryParse<ResponseMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !char.IsDigit(value.Trim()[0])
                    ? mode
                    : throw new FormatException($"{source} must be lorem, echo or canned; got '{Shown(value)}'.");
                break;
            case "use-case": o.UseCase = value; break;
            case "max-request-body-bytes": o.MaxRequestBodyBytes = Int(value, source, OptionLimits.MaxRequestBodyBytes); break;
            case "fault-rate": o.FaultRate = Number(value, source, OptionLimits.FaultRate); break;
            case "fault-status-codes": o.FaultStatusCodes = StatusCodes(value, source); break;
            case "max-waiting-requests": o.MaxWaitingRequests = Int(value, source, OptionLimits.MaxWaitingRequests); break;
            case "queue-full-status-code":
                o.QueueFullStatusCode = value.Trim() is "429" or "503"
                    ? int.Parse(value, CultureInfo.InvariantCulture)
                    : throw new FormatException($"{source} must be 429 or 503; got '{Shown(value)}'.");
                break;
            case "slow-start": o.SlowStartDuration = TimeSpan.FromSeconds(Number(value, source, OptionLimits.SlowStart)); break;
            case "slow-start-factor": o.SlowStartFactor = Number(value, source, OptionLimits.SlowStartFactor); break;
            case "api-key": o.ApiKey = value; break;
            case "enable-fault-header": o.EnableFaultHeader = Switch(value, source); break;
            case "host": return host with { Host = HostAddress(value, source) };
            case "port": return host with { Port = Int(value, source, OptionLimits.Port) };
            case "max-connections": return host with { MaxConnections = Int(value, source, OptionLimits.MaxConnections) };
            default: throw new FormatException($"Unknown flag {source}.");
        }

        return host;
    }

    private static string QuantizationName(string value, string source)
    {
        try
        {
            return Quantization.Parse(value).Value;
        }
        catch (FormatException)
        {
            throw new FormatException($"{source} must be one of {string.Join(", ", Quantization.WellKnown)}; got '{Shown(value)}'.");
        }
    }

    private static List<int> StatusCodes(string value, string source)
    {
        var codes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return codes.Length == 0
            ? throw new FormatException($"{source} must list at least one status code in 400-599, e.g. 500,503; got '{Shown(value)}'.")
            : [.. codes.Select(c => Int(c, source, OptionLimits.FaultStatusCode))];
    }

    private static string HostAddress(string value, string source)
    {
        var text = value.Trim();
        return string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(text.Trim('[', ']'), out _)
            ? text
            : throw new FormatException($"{source} must be an IP address (127.0.0.1, 0.0.0.0, ::) or localhost; got '{Shown(value)}'.");
    }

    private static bool Switch(string value, string source) => value.Trim().ToUpperInvariant() switch
    {
        "TRUE" or "1" or "YES" => true,
        "FALSE" or "0" or "NO" => false,
        _ => throw new FormatException($"{source} is a switch: give it alone, or =true or =false; got '{Shown(value)}'."),
    };

    private static int Int(string value, string source, NumericLimit limit)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && limit.Allows(v)
            ? v
            : throw OutOfRange(value, source, limit);

    private static double Number(string value, string source, NumericLimit limit)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && limit.Allows(v)
            ? v
            : throw OutOfRange(value, source, limit);

    private static FormatException OutOfRange(string value, string source, NumericLimit limit)
        => new($"{source} must be {limit.Describe()}; got '{Shown(value)}'.");
}
