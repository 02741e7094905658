using System.Globalization;
using System.Text;

namespace Compass.Simulator.Tests.Fuzz;

/// <summary>One bad start-up: its arguments and variables, the exit code it must get and text its error line must hold.</summary>
/// <param name="Name">What is wrong, for the test report.</param>
/// <param name="Args">The command-line arguments.</param>
/// <param name="Environment">The <c>COMPASS_SIM_*</c> variables.</param>
/// <param name="ExitCode">The exit code it must get.</param>
/// <param name="Mentions">Text the one-line error must contain (the flag or variable to blame).</param>
internal sealed record BadCommandLine(string Name, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Environment, int ExitCode, string Mentions)
{
    public override string ToString() => Name;
}

/// <summary>
/// Generates bad simulator command lines deterministically from a seed: every numeric flag below, above and outside
/// its range or not a number, unknown names, bad switches, unknown and misspelt flags, stray arguments, missing
/// values, bad <c>COMPASS_SIM_*</c> variables, and deployments that cannot be simulated.
/// </summary>
internal static class BadCommandLines
{
    private static readonly (string Flag, long Min, long Max)[] IntegerFlags =
    [
        ("tensor-parallel-size", 1, 64), ("max-model-len", 1, 10_000_000), ("max-num-seqs", 1, 100_000),
        ("max-num-batched-tokens", 1, 10_000_000), ("max-request-body-bytes", 1, 256 * 1024 * 1024),
        ("max-waiting-requests", 0, 1_000_000), ("port", 0, 65535), ("max-connections", 1, 1_000_000),
        ("fault-status-codes", 400, 599),
    ];

    private static readonly (string Flag, double Min, double Max)[] NumberFlags =
    [
        ("gpu-memory-utilization", 0.05, 1), ("startup-delay", 0, 86_400), ("fault-rate", 0, 1), ("slow-start", 0, 86_400), ("slow-start-factor", 1, 1000),
    ];

    private static readonly string[] NotNumbers = ["abc", "1e3x", "0x10", "NaN", "Infinity", "-", "+", "١٢", "1,5", "4\n5", "9999999999999999999999999"];

    private static readonly string[] Flags =
    [
        "model", "served-model-name", "gpu", "tensor-parallel-size", "quantization", "kv-cache-dtype", "max-model-len", "max-num-seqs",
        "max-num-batched-tokens", "gpu-memory-utilization", "seed", "startup-delay", "response-mode", "use-case", "max-request-body-bytes",
        "fault-rate", "fault-status-codes", "max-waiting-requests", "queue-full-status-code", "slow-start", "slow-start-factor", "api-key",
        "host", "port", "max-connections", "enable-fault-header", "enable-prefix-caching", "disable-log-requests", "trust-remote-code", "enforce-eager",
    ];

    public static IReadOnlyList<BadCommandLine> Generate(int seed)
    {
        var random = new Random(seed);
        var cases = new List<BadCommandLine>();
        void Add(string name, int code, string mentions, string[] args, Dictionary<string, string>? environment = null)
            => cases.Add(new BadCommandLine(name, ["--port=0", .. args], environment ?? [], code, mentions));

        foreach (var (flag, min, max) in IntegerFlags)
        {
            var below = min - 1 - random.Next(0, 1000);
            var above = max + 1 + random.Next(0, 1000);
            foreach (var value in new[] { below.ToString(CultureInfo.InvariantCulture), above.ToString(CultureInfo.InvariantCulture), "1.5", Pick(random, NotNumbers) })
            {
                Add($"--{flag}={Show(value)}", 2, "--" + flag, [$"--{flag}={value}"]);
            }

            Add($"--{flag} empty", 2, "--" + flag, [$"--{flag}="]);
            Add($"COMPASS_SIM_{Variable(flag)}={below}", 2, "COMPASS_SIM_" + Variable(flag), [], new() { ["COMPASS_SIM_" + Variable(flag)] = below.ToString(CultureInfo.InvariantCulture) });
        }

        foreach (var (flag, min, max) in NumberFlags)
        {
            var below = (min - 0.01 - random.NextDouble()).ToString(CultureInfo.InvariantCulture);
            var above = (max + 0.01 + (random.NextDouble() * 100)).ToString(CultureInfo.InvariantCulture);
            foreach (var value in new[] { below, above, "1e309", "-1e309", Pick(random, NotNumbers) })
            {
                Add($"--{flag}={Show(value)}", 2, "--" + flag, [$"--{flag}", value]);
            }
        }

        foreach (var value in new[] { "200", "500", "429.0", "abc" })
        {
            Add($"--queue-full-status-code={value}", 2, "--queue-full-status-code", [$"--queue-full-status-code={value}"]);
        }

        foreach (var value in new[] { "abc", "1.5", "2147483648", "-2147483649" })
        {
            Add($"--seed={value}", 2, "--seed", [$"--seed={value}"]);
        }

        foreach (var (flag, code) in new[] { ("model", 3), ("gpu", 3), ("use-case", 3), ("quantization", 2), ("kv-cache-dtype", 2), ("response-mode", 2), ("host", 2) })
        {
            for (var i = 0; i < 3; i++)
            {
                var value = Garbage(random, i);
                Add($"--{flag}={Show(value)}", code, "--" + flag, [$"--{flag}={value}"]);
            }
        }

        foreach (var value in new[] { "maybe", "2", "on?" })
        {
            Add($"--enable-fault-header={value}", 2, "--enable-fault-header", [$"--enable-fault-header={value}"]);
        }

        foreach (var flag in new[] { "api-key", "served-model-name", "model" })
        {
            Add($"--{flag} blank", 2, "--" + flag, [$"--{flag}=   "]);
        }

        for (var i = 0; i < 12; i++)
        {
            var flag = Misspell(random, Pick(random, Flags));
            Add($"unknown flag --{flag}", 2, "--" + flag, [$"--{flag}=1"]);
        }

        foreach (var stray in new[] { "serve", "-x", "--", "-", "meta-llama/Llama-3.1-8B-Instruct", "—model=x" })
        {
            Add($"stray argument {stray}", 2, "Unexpected argument", [stray]);
        }

        foreach (var flag in new[] { "max-num-seqs 4", "gpu H100" })
        {
            Add($"'--{flag}' as one argument", 2, "one argument holding a space", ["--" + flag]);
        }

        foreach (var flag in new[] { "model", "gpu", "port", "max-num-seqs", "api-key" })
        {
            Add($"--{flag} without a value at the end", 2, "--" + flag, [$"--{flag}"]);
            Add($"--{flag} followed by another flag", 2, "--" + flag, [$"--{flag}", "--seed=1"]);
        }

        // Well-formed flags, impossible deployments.
        Add("70B on one L4", 3, "--tensor-parallel-size", ["--model=meta-llama/Llama-3.1-70B-Instruct", "--gpu=L4"]);
        Add("70B on one H100", 3, "does not fit", ["--model=meta-llama/Llama-3.1-70B-Instruct", "--gpu=H100"]);
        Add("TP beyond a node", 3, "--tensor-parallel-size", ["--tensor-parallel-size=16"]);
        for (var i = 0; i < 3; i++)
        {
            var length = random.Next(131_073, 10_000_000);
            Add($"--max-model-len {length} above the context", 3, "--max-model-len", [$"--max-model-len={length}"]);
        }

        Add("--max-model-len beyond the KV cache of an L4", 3, "--max-model-len", ["--gpu=L4", "--max-model-len=131072"]);
        Add("--gpu A100 names two GPUs", 3, "--gpu", ["--gpu=A100"]);
        return cases;
    }

    private static string Variable(string flag) => flag.ToUpperInvariant().Replace('-', '_');

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    // Names no catalog or option holds: random letters behind a "zq" no real name starts with; one long, one with a line break.
    private static string Garbage(Random random, int kind)
    {
        var letters = new StringBuilder("zq");
        var length = kind == 1 ? 5000 : random.Next(3, 12);
        for (var i = 0; i < length; i++)
        {
            letters.Append((char)('a' + random.Next(26)));
        }

        return kind == 2 ? letters.Insert(4, "\n").ToString() : letters.ToString();
    }

    private static string Misspell(Random random, string flag)
    {
        while (true)
        {
            var chars = new StringBuilder(flag);
            var at = random.Next(chars.Length);
            switch (random.Next(3))
            {
                case 0: chars.Remove(at, 1); break;
                case 1: chars.Insert(at, (char)('a' + random.Next(26))); break;
                default: chars[at] = (char)('a' + random.Next(26)); break;
            }

            var text = chars.ToString();
            if (!Flags.Contains(text, StringComparer.Ordinal) && text.Length > 0 && !text.Contains('='))
            {
                return text;
            }
        }
    }

    private static string Show(string value) => value.Length > 24 ? value[..24] + "…" : value.Replace("\n", "\\n", StringComparison.Ordinal);
}
