using System.Collections.Immutable;
using Compass.Core;
using Compass.Planning.Calibration;
using YamlDotNet.RepresentationModel;

namespace Compass.Planning.Tests.Calibration;

/// <summary>Reads the calibration inputs in tests/data/calibration (see its README).</summary>
internal static class CalibrationData
{
    public const string Description =
        "step timings: Compass H100 step measurements (tests/data/calibration/h100-steps); "
        + "all-reduce timings: inference-sim/inference-sim training/kernel_profiles @ 0ba6f035 (from NVIDIA aiconfigurator, vLLM 0.14.0)";

    // The measured shapes, as the measuring script builds them (tests/data/calibration/h100-steps/measure.py).
    private static readonly Dictionary<string, string> ShapeModels = new(StringComparer.Ordinal)
    {
        ["Llama-3.1-8B"] = "meta-llama/Llama-3.1-8B-Instruct",
        ["Qwen2.5-7B"] = "Qwen/Qwen2.5-7B-Instruct",
    };

    private static readonly Lazy<ImmutableArray<KernelSample>> Kernels = new(ReadKernels);

    private static readonly Lazy<ImmutableArray<StepSample>> Steps = new(ReadSteps);

    /// <summary>Gets the real H100 step timings (prefill, decode and chunked-prefill steps; the LM-head-only rows are left out).</summary>
    public static ImmutableArray<StepSample> H100Steps => Steps.Value;

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "data", "calibration");

    public static ImmutableArray<KernelSample> H100Kernels => Kernels.Value;

    private static ImmutableArray<StepSample> ReadSteps()
    {
        var samples = new List<StepSample>();
        foreach (var file in new[] { "steps.csv", "mixed.csv" })
        {
            var lines = File.ReadAllLines(Path.Combine(Directory, "h100-steps", file));
            var header = lines[0].Split(',');
            int Column(string name) => Array.IndexOf(header, name);
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var f = line.Split(',');
                var model = TestCatalog.Catalog.GetModel(ModelId.Parse(ShapeModels[f[Column("model")]]))!;
                var phase = f[Column("phase")];
                var batch = int.Parse(f[Column("batch")], System.Globalization.CultureInfo.InvariantCulture);
                var tokens = int.Parse(f[Column("prompt_or_context_tokens")], System.Globalization.CultureInfo.InvariantCulture);
                var ms = Number(f[Column("median_ms")]);
                if (phase == "prefill")
                {
                    samples.Add(StepSample.Prefill(model, GpuType.H100, batch, tokens, ms));
                }
                else if (phase == "decode")
                {
                    samples.Add(StepSample.Decode(model, GpuType.H100, batch, tokens, ms));
                }
                else if (phase.StartsWith("mixed_prefill", StringComparison.Ordinal))
                {
                    samples.Add(StepSample.Mixed(model, GpuType.H100, int.Parse(phase["mixed_prefill".Length..], System.Globalization.CultureInfo.InvariantCulture), batch, tokens, ms));
                }
            }
        }

        return [.. samples];
    }

    private static ImmutableArray<KernelSample> ReadKernels()
    {
        var catalog = TestCatalog.Catalog;
        var extra = System.IO.Directory.GetFiles(Path.Combine(Directory, "models"), "*.json")
            .Select(f => ModelSpec.FromHuggingFaceConfig(File.ReadAllText(f)))
            .ToDictionary(m => m.Id);
        var samples = new List<KernelSample>();
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Directory, "kernel_profiles"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(file))
            {
                yaml.Load(reader);
            }

            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            var id = ModelId.Parse(Scalar(root, "model"));
            var model = catalog.GetModel(id) ?? extra.GetValueOrDefault(id) ?? throw new InvalidDataException($"{file}: no architecture for {id}.");
            var tp = (int)Number(Scalar(root, "tp"));
            void Table(string name, KernelOperation op)
            {
                var node = (YamlMappingNode)root.Children[new YamlScalarNode(name)];
                var tokens = Numbers(node, "tokens");
                var latency = Numbers(node, "latency_us");
                samples.AddRange(tokens.Select((t, i) => new KernelSample(model, Quantization.Bf16, GpuType.H100, tp, op, (int)t, 0, latency[i])));
            }

            void Grid(string name, string outer, string inner, KernelOperation op)
            {
                var node = (YamlMappingNode)root.Children[new YamlScalarNode(name)];
                var lengths = Numbers(node, outer);
                var batches = Numbers(node, inner);
                var rows = (YamlSequenceNode)node.Children[new YamlScalarNode("latency_us")];
                for (var i = 0; i < lengths.Length; i++)
                {
                    var row = ((YamlSequenceNode)rows.Children[i]).Children.Select(c => Number(((YamlScalarNode)c).Value!)).ToArray();
                    samples.AddRange(batches.Select((b, j) => new KernelSample(model, Quantization.Bf16, GpuType.H100, tp, op, (int)b, (int)lengths[i], row[j])));
                }
            }

            Table("gemm", KernelOperation.Gemm);
            Table("logits_gemm", KernelOperation.Logits);
            Grid("context_attention", "isl", "batch_size", KernelOperation.PrefillAttention);
            Grid("generation_attention", "context", "tokens", KernelOperation.DecodeAttention);
            if (tp > 1)
            {
                Table("allreduce", KernelOperation.AllReduce);
            }
        }

        return [.. samples];
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static double[] Numbers(YamlMappingNode node, string key)
        => [.. ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children.Select(c => Number(((YamlScalarNode)c).Value!))];

    private static double Number(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
