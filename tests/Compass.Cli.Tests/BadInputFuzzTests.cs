using System.Text.Json.Nodes;

namespace Compass.Cli.Tests;

/// <summary>
/// Hundreds of generated bad inputs — option values, unknown and repeated options, model configs, plan files and
/// output folders — each must end in one line on stderr ("error: …"), exit code 2, no stack trace, and no change
/// to any file (the sandbox holding the inputs, and the current folder, are compared before and after).
/// </summary>
public sealed class BadInputFuzzTests : IDisposable
{
    // Values no numeric option accepts: not a number, out of every range, not finite, empty, trailing junk.
    private static readonly string[] BadNumbers = ["abc", "-1", "NaN", "Infinity", "-Infinity", "1e999", "", "12abc", "1e12", "0x10", "1,5", "--"];

    private readonly string _sandbox = Directory.CreateTempSubdirectory("compass-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_sandbox, recursive: true);

    [Fact]
    public async Task EveryBadInput_GetsOneLine_ExitCode2_AndChangesNoFile()
    {
        var cases = await CasesAsync();
        Assert.True(cases.Count >= 200, $"only {cases.Count} cases");
        var failures = new List<string>();
        foreach (var args in cases)
        {
            var before = Snapshot();
            var run = await CliRun.RunAsync([.. args]);
            var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var problem =
                run.ExitCode != ExitCodes.Usage ? $"exit {run.ExitCode}" :
                lines.Length != 1 ? $"{lines.Length} lines on stderr" :
                !lines[0].StartsWith("error: ", StringComparison.Ordinal) ? "no 'error: ' prefix" :
                run.Stderr.Contains("   at ", StringComparison.Ordinal) || run.Stderr.Contains("Exception", StringComparison.Ordinal) ? "a stack trace or exception name" :
                lines[0].Length < 20 ? "a message too short to say what is wrong" :
                Snapshot() != before ? "files changed" :
                null;
            if (problem is not null)
            {
                failures.Add($"{problem}: compass {string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"\"{a}\"" : a))} -> {run.Stderr.Trim()}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} bad inputs were not handled:\n" + string.Join("\n", failures.Take(40)));
    }

    private async Task<List<string[]>> CasesAsync()
    {
        var planFile = Path.Combine(_sandbox, "plan.json");
        var plan = await CliRun.RunAsync("plan", "chatbot for 500 users", "--json", "--top", "2");
        await File.WriteAllTextAsync(planFile, plan.Stdout);
        var manifests = Path.Combine(_sandbox, "manifests");
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync("generate", "--plan", planFile, "--out", manifests)).ExitCode);
        var scenarios = Path.Combine(_sandbox, "scenarios.json");
        await File.WriteAllTextAsync(scenarios, "[]");

        // A command line that is valid up to the option under test, for each numeric option of each command.
        var numeric = new (string[] Base, string[] Options)[]
        {
            (["plan", "chatbot for 500 users"], ["users", "qps", "peak-multiplier", "budget", "ttft", "itl", "e2e", "percentile", "headroom", "redundancy", "top"]),
            (["estimate", "--model", "llama-3.1-8b", "--gpu", "H100"], ["tp", "batch", "prompt", "context"]),
            (["simulate", "--model", "llama-3.1-8b", "--gpu", "H100", "--rate", "1", "--requests", "10"], ["tp", "max-num-seqs", "max-num-batched-tokens", "ttft", "itl", "e2e", "replicas", "warmup", "seed", "duration"]),
            (["simulate", "--model", "llama-3.1-8b", "--gpu", "H100", "--prompt-tokens", "16", "--output-tokens", "16", "--requests", "10"], ["concurrency"]),
            (["simulate", "--model", "llama-3.1-8b", "--gpu", "H100", "--concurrency", "4", "--prompt-tokens", "16", "--output-tokens", "16", "--requests", "10"], ["ramp-up"]),
            (["loadtest", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "poisson", "--rate", "1", "--requests", "1", "--prompt-tokens", "16", "--output-tokens", "16"], ["max-concurrency", "duration", "warmup", "seed", "timeout"]),
            (["generate", "--plan", planFile], ["rank", "run-as-user"]),
            (["eval-intents", "--file", scenarios], ["min-pass"]),
            (["deploy", "--dir", manifests, "--wait", "--kubeconfig", Path.Combine(_sandbox, "no-kubeconfig")], ["timeout"]),
            (["validate", "--url", "http://127.0.0.1:9", "--plan", planFile], ["rank", "duration", "requests", "max-error-rate", "seed"]),
        };
        var cases = new List<string[]>();
        foreach (var (baseArgs, options) in numeric)
        {
            foreach (var option in options)
            {
                foreach (var value in BadNumbers)
                {
                    cases.Add([.. baseArgs, "--" + option, value]);
                }

                cases.Add([.. baseArgs, "--" + option]); // no value at all
            }

            cases.Add([.. baseArgs, "--no-such-option", "1"]);
            cases.Add([.. baseArgs, "--" + options[0], "1", "--" + options[0], "2"]);
        }

        foreach (var command in new[] { "plan", "estimate", "simulate", "generate", "deploy", "status", "list", "delete", "rollback", "loadtest", "validate", "catalog", "extract", "eval-intents" })
        {
            cases.Add([command, "--definitely-not-an-option"]);
        }

        cases.AddRange(ChoiceCases(planFile));
        foreach (var config in BadModelConfigs())
        {
            var path = Path.Combine(_sandbox, $"config-{cases.Count}.json");
            await File.WriteAllTextAsync(path, config);
            cases.Add(["plan", "chatbot for 500 users", "--model-config", path, "--model", "acme/fuzzed"]);
        }

        foreach (var text in BadPlanFiles(plan.Stdout))
        {
            var path = Path.Combine(_sandbox, $"plan-{cases.Count}.json");
            await File.WriteAllTextAsync(path, text);
            cases.Add(["generate", "--plan", path]);
            cases.Add(["validate", "--url", "http://127.0.0.1:9", "--plan", path]);
        }

        // Output folders that must be refused: nothing may be written, renamed or deleted.
        var foreign = Path.Combine(_sandbox, "foreign");
        Directory.CreateDirectory(foreign);
        await File.WriteAllTextAsync(Path.Combine(foreign, "keep.txt"), "mine");
        var file = Path.Combine(_sandbox, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        foreach (var target in new[] { ".", "./", "..", "/", Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), foreign, file, " " })
        {
            cases.Add(["generate", "--plan", planFile, "--out", target, "--force"]);
            cases.Add(["plan", "chatbot for 500 users", "--out", target]);
        }

        await File.WriteAllTextAsync(Path.Combine(_sandbox, "report.json"), "{}");
        cases.Add(["loadtest", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "synchronous", "--requests", "1", "--prompt-tokens", "8", "--output-tokens", "8", "--out", Path.Combine(_sandbox, "report.json")]);
        cases.Add(["loadtest", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "synchronous", "--requests", "1", "--prompt-tokens", "8", "--output-tokens", "8", "--out", _sandbox]);
        return cases;
    }

    // Words where the CLI expects one of a few names.
    private static IEnumerable<string[]> ChoiceCases(string planFile)
    {
        foreach (var (option, value) in new[] { ("gpu", "H1OO"), ("gpu", ""), ("model", "gpt-5"), ("model", ""), ("quant", "int2"), ("deployment", "moon"), ("provider", "ibm"), ("pricing", "free"), ("latency", "extreme"), ("cost", "0"), ("accuracy", "-"), ("use-case", "chit-chat"), ("prompt-tokens", "lognormal:-5,1"), ("output-tokens", "normal:abc"), ("prompt-tokens", "empirical:"), ("namespace", "Bad_NS"), ("name", "UPPER case"), ("image", "vllm/vllm-openai:latest"), ("image", "vllm/vllm-openai@sha256:abc"), ("llm", "ftp://x"), ("allow-from", "Bad_NS"), ("allow-from", ","), ("metrics-from", "monitoring"), ("run-as-user", "0"), ("kv-cache-dtype", "int4"), ("kv-cache-dtype", "") })
        {
            yield return ["plan", "chatbot for 500 users", "--" + option, value];
        }

        foreach (var (option, value) in new[] { ("model", "nope"), ("gpu", "nope"), ("quant", "int2") })
        {
            yield return ["estimate", "--model", "llama-3.1-8b", "--gpu", "H100", "--" + option, value];
            yield return ["simulate", "--model", "llama-3.1-8b", "--gpu", "H100", "--rate", "1", "--requests", "10", "--" + option, value];
        }

        foreach (var (option, value) in new[] { ("arrival", "sometimes"), ("prompt-tokens", "x"), ("output-tokens", "-3") })
        {
            yield return ["simulate", "--model", "llama-3.1-8b", "--gpu", "H100", "--rate", "1", "--requests", "10", "--" + option, value];
        }

        foreach (var (option, value) in new[] { ("think-time", "-1"), ("think-time", ""), ("think-time", "later"), ("think-time", "uniform:2,1"), ("think-time", "exp:0"), ("kv-cache-dtype", "int8"), ("kv-cache-dtype", ""), ("rate", "5") })
        {
            yield return ["simulate", "--model", "llama-3.1-8b", "--gpu", "H100", "--concurrency", "4", "--prompt-tokens", "16", "--output-tokens", "16", "--requests", "10", "--" + option, value];
        }

        yield return ["simulate", "--model", "llama-3.1-8b", "--gpu", "H100", "--rate", "1", "--requests", "10", "--think-time", "1"];
        yield return ["estimate", "--model", "llama-3.1-8b", "--gpu", "H100", "--kv-cache-dtype", "fp4"];

        foreach (var (option, value) in new[] { ("profile", "chaos"), ("url", "not a url"), ("url", "ftp://host"), ("prompt-tokens", "lognormal:1"), ("output-tokens", "") })
        {
            yield return ["loadtest", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "poisson", "--rate", "1", "--requests", "1", "--prompt-tokens", "16", "--output-tokens", "16", "--" + option, value];
        }

        yield return ["generate", "--plan", planFile, "--rank", "99"];
        yield return ["generate", "--plan", Path.Combine(Path.GetDirectoryName(planFile)!, "missing.json")];
        yield return ["catalog", "spaceships"];
        yield return ["extract", ""];
        yield return ["delete"];
        yield return ["rollback", "a", "b"];
        yield return ["delete", "chat", "--dry-run", "--yes"];
    }

    // A valid Llama-shaped config with one field broken at a time, plus files that are not configs at all.
    private static IEnumerable<string> BadModelConfigs()
    {
        var valid = new JsonObject
        {
            ["architectures"] = new JsonArray("LlamaForCausalLM"),
            ["model_type"] = "llama",
            ["hidden_size"] = 4096,
            ["intermediate_size"] = 14336,
            ["num_hidden_layers"] = 32,
            ["num_attention_heads"] = 32,
            ["num_key_value_heads"] = 8,
            ["vocab_size"] = 128256,
            ["max_position_embeddings"] = 131072,
            ["torch_dtype"] = "bfloat16",
        };
        var fields = new[] { "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "vocab_size", "max_position_embeddings" };
        foreach (var field in fields)
        {
            foreach (JsonNode? bad in new JsonNode?[] { 0, -1, 1.5, "many", null, new JsonArray(), (JsonNode)long.MaxValue })
            {
                if (bad is null && field == "num_key_value_heads")
                {
                    continue; // Absent means one KV head per attention head, as Transformers defines it: valid.
                }

                var copy = (JsonObject)valid.DeepClone();
                copy[field] = bad?.DeepClone();
                yield return copy.ToJsonString();
            }
        }

        foreach (var (field, bad) in new (string, JsonNode?)[] { ("num_attention_heads", 7), ("num_key_value_heads", 64), ("num_key_value_heads", 5), ("torch_dtype", "float3"), ("hidden_size", 4097) })
        {
            var copy = (JsonObject)valid.DeepClone();
            copy[field] = bad;
            yield return copy.ToJsonString();
        }

        yield return string.Empty;
        yield return "   ";
        yield return "[]";
        yield return "42";
        yield return "\"config\"";
        yield return "{";
        yield return "{\"hidden_size\": 4096";
        yield return "{}";
        yield return "null";
        yield return "\u0000\u0001\u0002";
        yield return "{\"hidden_size\": {\"nested\": {\"deeper\": [1, 2, 3]}}}";
    }

    private static IEnumerable<string> BadPlanFiles(string validPlan)
    {
        yield return string.Empty;
        yield return "not json";
        yield return "[]";
        yield return "{}";
        yield return "null";
        yield return validPlan[..(validPlan.Length / 2)];
        var node = JsonNode.Parse(validPlan)!.AsObject();
        foreach (var field in new[] { "recommendations", "traffic", "slo", "intent" })
        {
            var copy = (JsonObject)node.DeepClone();
            copy[field] = "broken";
            yield return copy.ToJsonString();
            copy.Remove(field);
            yield return copy.ToJsonString();
        }

        var wrongType = (JsonObject)node.DeepClone();
        wrongType["recommendations"]![0]!["replicas"] = "three";
        yield return wrongType.ToJsonString();
        var negative = (JsonObject)node.DeepClone();
        negative["recommendations"]![0]!["tensorParallel"] = -4;
        yield return negative.ToJsonString();
    }

    // Every file under the sandbox with its size and write time, and the current folder's top-level entries.
    private string Snapshot()
    {
        var sandbox = Directory.EnumerateFileSystemEntries(_sandbox, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(e => File.Exists(e) ? $"{e} {new FileInfo(e).Length} {File.GetLastWriteTimeUtc(e).Ticks}" : e);
        var current = Directory.EnumerateFileSystemEntries(Directory.GetCurrentDirectory()).Order(StringComparer.Ordinal)
            .Select(e => File.Exists(e) ? $"{e} {new FileInfo(e).Length} {File.GetLastWriteTimeUtc(e).Ticks}" : e);
        return string.Join("\n", sandbox.Concat(current));
    }
}
