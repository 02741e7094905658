using System.Globalization;

namespace Compass.Simulator;

/// <summary>
/// Reads <see cref="CompassSimulatorOptions"/> from vLLM-style flags (<c>--max-num-seqs=64</c> or <c>--max-num-seqs 64</c>)
/// and from environment variables named <c>COMPASS_SIM_</c> + the flag in upper case with <c>_</c> for <c>-</c>
/// (<c>COMPASS_SIM_MAX_NUM_SEQS=64</c>). Flags win over the environment. The flags are the ones Compass.Kserve's
/// simulator mode passes (<c>--model --gpu --tensor-parallel-size --quantization --kv-cache-dtype --max-model-len
/// --max-num-seqs --max-num-batched-tokens --port --served-model-name</c>) plus the simulator's own.
/// </summary>
public static class SimulatorCommandLine
{
    /// <summary>The prefix of the environment variables read.</summary>
    public const string EnvironmentPrefix = "COMPASS_SIM_";

    private static readonly string[] Flags =
    [
        "model", "served-model-name", "gpu", "tensor-parallel-size", "quantization", "kv-cache-dtype", "max-model-len",
        "max-num-seqs", "max-num-batched-tokens", "gpu-memory-utilization", "seed", "startup-delay", "response-mode",
        "use-case", "max-request-body-bytes", "fault-rate", "fault-status-codes", "max-waiting-requests",
        "queue-full-status-code", "slow-start", "slow-start-factor", "port",
    ];

    // vLLM flags the simulator accepts and ignores, so a vLLM command line can be reused as is.
    private static readonly string[] IgnoredVllmFlags = ["enable-prefix-caching", "disable-log-requests", "trust-remote-code", "enforce-eager"];

    /// <summary>Gets the flags and their meaning, one per line.</summary>
    public static string Usage { get; } = """
        --model=ID                     catalog model to simulate (id or alias)                      [meta-llama/Llama-3.1-8B-Instruct]
        --served-model-name=NAME       name clients send and /v1/models lists                       [the model]
        --gpu=TYPE                     GPU class (H100, A100-80GB, L4, MI300X, ...)                  [H100]
        --tensor-parallel-size=N       GPUs per replica                                              [1]
        --quantization=FORMAT          bf16, fp8, w8a8, w4a16, mxfp4                                 [model's native]
        --kv-cache-dtype=auto|fp8      KV-cache element type                                         [auto]
        --max-model-len=N              longest prompt + output, tokens                               [model context, capped by KV]
        --max-num-seqs=N               most sequences running at once                                [256]
        --max-num-batched-tokens=N     token budget of one step (chunked prefill)                    [8192]
        --gpu-memory-utilization=F     share of GPU memory for vLLM                                  [0.9]
        --seed=N                       seed of response text and fault draws                         [42]
        --startup-delay=SECONDS        /health/ready and the API answer 503 this long                [0]
        --response-mode=lorem|echo|canned  what the answers say                                      [lorem]
        --use-case=ID                  use case for canned answers and answer lengths                [chatbot_conversational]
        --max-request-body-bytes=N     larger bodies get 413                                         [4194304]
        --fault-rate=F                 fraction of requests failed on purpose                        [0]
        --fault-status-codes=A,B       status codes of injected failures                             [500,503]
        --max-waiting-requests=N       refuse new requests while N wait (0 = no limit)               [0]
        --queue-full-status-code=429|503  status of a refused request                                [429]
        --slow-start=SECONDS           after readiness, steps are slower for this long               [0]
        --slow-start-factor=F          how many times slower at readiness, falling to 1              [3]
        --port=N                       HTTP port (the host's)                                        [8080]
        """;

    /// <summary>Applies the environment, then the flags, to <paramref name="options"/>.</summary>
    /// <param name="options">The options to set.</param>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="environment">The environment variables (null: none).</param>
    /// <returns>The <c>--port</c> value, or <see langword="null"/> when not given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="args"/> is null.</exception>
    /// <exception cref="FormatException">A flag is unknown, lacks its value, or its value does not parse.</exception>
    public static int? Apply(CompassSimulatorOptions options, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(args);
        int? port = null;
        if (environment is not null)
        {
            foreach (var flag in Flags)
            {
                var name = EnvironmentPrefix + flag.ToUpperInvariant().Replace('-', '_');
                if (environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
                {
                    port = Set(options, flag, value.Trim(), name) ?? port;
                }
            }
        }

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new FormatException($"Unexpected argument '{arg}'; flags look like --name=value.");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = eq < 0 ? arg[2..] : arg[2..eq];
            if (IgnoredVllmFlags.Contains(flag, StringComparer.Ordinal))
            {
                continue;
            }

            if (!Flags.Contains(flag, StringComparer.Ordinal))
            {
                throw new FormatException($"Unknown flag --{flag}.\n{Usage}");
            }

            string value;
            if (eq >= 0)
            {
                value = arg[(eq + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new FormatException($"--{flag} needs a value.");
            }

            port = Set(options, flag, value, "--" + flag) ?? port;
        }

        return port;
    }

    private static int? Set(CompassSimulatorOptions o, string flag, string value, string source)
    {
        switch (flag)
        {
            case "model": o.Model = value; break;
            case "served-model-name": o.ServedModelName = value; break;
            case "gpu": o.Gpu = value; break;
            case "tensor-parallel-size": o.TensorParallel = Int(value, source); break;
            case "quantization": o.Quantization = value; break;
            case "kv-cache-dtype": o.KvCacheDtype = value; break;
            case "max-model-len": o.MaxModelLen = Int(value, source); break;
            case "max-num-seqs": o.MaxNumSeqs = Int(value, source); break;
            case "max-num-batched-tokens": o.MaxNumBatchedTokens = Int(value, source); break;
            case "gpu-memory-utilization": o.GpuMemoryUtilization = Double(value, source); break;
            case "seed": o.Seed = Int(value, source); break;
            case "startup-delay": o.StartupDelay = TimeSpan.FromSeconds(Double(value, source)); break;
            case "response-mode":
                o.ResponseMode = Enum.TryParse<ResponseMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
                    ? mode
                    : throw new FormatException($"{source}: '{value}' is not lorem, echo or canned.");
                break;
            case "use-case": o.UseCase = value; break;
            case "max-request-body-bytes": o.MaxRequestBodyBytes = Int(value, source); break;
            case "fault-rate": o.FaultRate = Double(value, source); break;
            case "fault-status-codes": o.FaultStatusCodes = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Int(v, source))]; break;
            case "max-waiting-requests": o.MaxWaitingRequests = Int(value, source); break;
            case "queue-full-status-code": o.QueueFullStatusCode = Int(value, source); break;
            case "slow-start": o.SlowStartDuration = TimeSpan.FromSeconds(Double(value, source)); break;
            case "slow-start-factor": o.SlowStartFactor = Double(value, source); break;
            case "port": return Int(value, source);
            default: throw new FormatException($"Unknown flag {source}.");
        }

        return null;
    }

    private static int Int(string value, string source)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"{source}: '{value}' is not an integer.");

    private static double Double(string value, string source)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : throw new FormatException($"{source}: '{value}' is not a number.");
}
