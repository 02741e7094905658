using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Kserve.Manifests;
using Compass.Kserve.Yaml;
using k8s.Models;

namespace Compass.Kserve.Tests.Manifests;

public sealed class EphemeralStorageTests
{
    [Theory]
    [InlineData(TestPlans.Chatbot)]
    [InlineData(TestPlans.Llama70B)]
    [InlineData(TestPlans.Deferred)]
    [InlineData(TestPlans.ChatbotMi300X)]
    public void Vllm_RequestsRoomForTwoCopiesOfTheWeights_PlusScratch_AndLimitsAboveThat(string plan)
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(plan));
        var (request, limit) = Storage(set);
        var weightsGiB = set.Settings.WeightsGiB;

        Assert.True(set.Settings.Quantization is null, "these plans load the checkpoint as stored");
        Assert.InRange(request, 2 * weightsGiB, (2 * weightsGiB) + 10);
        Assert.True(limit > request * 1.05, $"limit {limit} GiB, request {request} GiB");
        Assert.True(limit < (request * 1.5) + 20, $"limit {limit} GiB, request {request} GiB");
    }

    [Fact]
    public void OnlineFp8_DownloadsTheSixteenBitCheckpoint_SoRequestsTwiceAsMuch()
    {
        var plan = TestPlans.Load(TestPlans.Chatbot);
        var fp8 = plan with
        {
            Recommendations = [plan.Recommendations[0] with { Quantization = Quantization.Fp8, Checkpoint = plan.Recommendations[0].Model }],
        };

        var bf16 = TestPlans.Generator().Generate(plan);
        var online = TestPlans.Generator().Generate(fp8);

        Assert.Equal("fp8", online.Settings.Quantization);
        Assert.InRange(Storage(online).Request, 4 * online.Settings.WeightsGiB, (4 * online.Settings.WeightsGiB) + 10);
        Assert.Equal(bf16.Settings.WeightsGiB, online.Settings.WeightsGiB, 0.01);
    }

    [Fact]
    public void Simulator_RequestsLittle_ButHasALimit()
    {
        var (request, limit) = Storage(TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Llama70B), options: new ManifestOptions { Simulator = true }));

        Assert.InRange(request, 0.01, 1);
        Assert.InRange(limit, request, 4);
    }

    private static (double Request, double Limit) Storage(ManifestSet set)
    {
        var resources = YamlTree.Parse(set.Documents[0].Yaml)[0]!["spec"]!["predictor"]!["containers"]![0]!["resources"]!;
        return (GiB(resources["requests"]!), GiB(resources["limits"]!));
    }

    private static double GiB(JsonNode quantities)
        => (double)new ResourceQuantity(quantities["ephemeral-storage"]!.GetValue<string>()).ToDecimal() / (1L << 30);
}
