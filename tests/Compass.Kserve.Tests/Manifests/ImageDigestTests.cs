using Compass.Kserve.Manifests;
using Compass.Kserve.Yaml;

namespace Compass.Kserve.Tests.Manifests;

public sealed class ImageDigestTests
{
    private static readonly string Hex = string.Concat(Enumerable.Range(0, 32).Select(i => ((byte)(i * 37 + 11)).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void ADigest_PinsTheImage_ByDigestAlone()
    {
        var set = Generate($"registry.example.com:5000/ml/vllm@sha256:{Hex}");

        Assert.Equal($"registry.example.com:5000/ml/vllm@sha256:{Hex}", ImageOf(set));
        Assert.DoesNotContain(set.Notes, n => n.Contains("digest", StringComparison.Ordinal));
    }

    [Fact]
    public void ATagBesideADigest_IsDropped_WithANote()
    {
        var set = Generate($"vllm/vllm-openai:v0.10.2@sha256:{Hex}");

        Assert.Equal($"vllm/vllm-openai@sha256:{Hex}", ImageOf(set));
        Assert.Contains(set.Notes, n => n.Contains("'v0.10.2'", StringComparison.Ordinal) && n.Contains("digest", StringComparison.Ordinal));
    }

    [Fact]
    public void EvenLatest_IsFine_WhenADigestPinsTheImage()
        => Assert.Equal($"vllm/vllm-openai@sha256:{Hex}", ImageOf(Generate($"vllm/vllm-openai:latest@sha256:{Hex}")));

    [Fact]
    public void TheSimulatorImage_MayBePinnedByDigestToo()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { Simulator = true, SimulatorImage = $"ghcr.io/compass/simulator@sha256:{Hex}" });

        Assert.Equal($"ghcr.io/compass/simulator@sha256:{Hex}", ImageOf(set));
    }

    public static TheoryData<string, string> BadDigests => new()
    {
        { $"vllm/vllm-openai@sha512:{Hex}{Hex}", "only sha256" },
        { $"vllm/vllm-openai@{Hex}", "no algorithm" },
        { "vllm/vllm-openai@sha256:abc123", "6 hex digits instead of 64" },
        { $"vllm/vllm-openai@sha256:{Hex}0", "65 hex digits instead of 64" },
        { $"vllm/vllm-openai@sha256:{Hex.ToUpperInvariant()}", "upper-case" },
        { $"vllm/vllm-openai@sha256:{Hex[..^1]}g", "not hex digits" },
        { $"vllm/vllm-openai@sha256:{Hex}@sha256:{Hex}", "not hex digits" },
        { "vllm/vllm-openai@", "no algorithm" },
        { "vllm/vllm-openai@sha256:", "0 hex digits" },
    };

    [Theory]
    [MemberData(nameof(BadDigests))]
    public void BadDigests_AreRefused_SayingWhatIsWrong(string image, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => Generate(image));

        Assert.Contains("bad digest", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(ManifestOptions.VllmImage), ex.ParamName);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("@sha256:")]
    [InlineData("Vllm/Vllm-Openai@sha256:")]
    public void ADigest_DoesNotExcuseABadName(string prefix)
    {
        var ex = Assert.Throws<ArgumentException>(() => Generate(prefix + Hex));

        Assert.Contains("not an image reference", ex.Message, StringComparison.Ordinal);
    }

    private static ManifestSet Generate(string image)
        => TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { VllmImage = image });

    private static string ImageOf(ManifestSet set)
        => YamlTree.Parse(set.Documents[0].Yaml)[0]!["spec"]!["predictor"]!["containers"]![0]!["image"]!.GetValue<string>();
}
