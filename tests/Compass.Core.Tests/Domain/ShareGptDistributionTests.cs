namespace Compass.Core.Tests.Domain;

public sealed class ShareGptDistributionTests
{
    [Fact]
    public void ShareGpt_HasTheDocumentedMeans_Bounds_AndARightSkew()
    {
        var prompts = TokenDistribution.ShareGptPrompts;
        var outputs = TokenDistribution.ShareGptOutputs;

        Assert.Equal((DistributionKind.LogNormal, 225.0, 225.0, 4, 1024), (prompts.Kind, prompts.Mean, prompts.StdDev, prompts.Min, prompts.Max));
        Assert.Equal((DistributionKind.LogNormal, 200.0, 200.0, 4, 1024), (outputs.Kind, outputs.Mean, outputs.StdDev, outputs.Min, outputs.Max));
        Assert.InRange(prompts.P50, 155, 165); // 225 / √2
        Assert.InRange(outputs.P50, 137, 147); // 200 / √2
        Assert.True(prompts.Max + outputs.Max <= 2048, "vLLM keeps prompt + output ≤ 2048");
    }

    [Theory]
    [InlineData("sharegpt", TokenLengthRole.Prompt, 225)]
    [InlineData(" ShareGPT ", TokenLengthRole.Output, 200)]
    [InlineData("sharegpt-output", TokenLengthRole.Prompt, 200)]
    public void Parse_WithARole_ReadsTheNamedDistribution(string text, TokenLengthRole role, double mean)
        => Assert.Equal(mean, TokenDistribution.Parse(text, role).Mean);

    [Fact]
    public void Parse_WithoutARole_NeedsTheExplicitName()
    {
        Assert.Equal(TokenDistribution.ShareGptPrompts, TokenDistribution.Parse("sharegpt-prompt"));
        Assert.Equal(TokenDistribution.ShareGptOutputs, TokenDistribution.Parse("sharegpt-output"));
        var ex = Assert.Throws<FormatException>(() => TokenDistribution.Parse("sharegpt"));
        Assert.Contains("sharegpt-prompt or sharegpt-output", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AnUnknownName_ListsSharegptInTheUsage()
        => Assert.Contains("sharegpt", Assert.Throws<FormatException>(() => TokenDistribution.Parse("alpaca", TokenLengthRole.Prompt)).Message, StringComparison.Ordinal);
}
