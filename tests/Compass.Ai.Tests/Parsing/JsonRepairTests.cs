using System.Text.Json;
using Compass.Ai.Parsing;

namespace Compass.Ai.Tests.Parsing;

/// <summary>What is repaired, and what is refused rather than guessed.</summary>
public sealed class JsonRepairTests
{
    [Theory]
    [InlineData("{\"a\":1}", "{\"a\":1}")]
    [InlineData("  {\"a\":1}\n", "{\"a\":1}")]
    [InlineData("{\"a\":1,}", "{\"a\":1}")]
    [InlineData("{\"a\":1 /* note */}", "{\"a\":1}")]
    public void CleanOrTolerableJson_NeedsNoRepair(string answer, string expected)
    {
        var result = JsonRepair.Parse(answer);

        Assert.Empty(result.Repairs);
        AssertJson(expected, result);
    }

    [Theory]
    [InlineData("```json\n{\"a\":1}\n```", "{\"a\":1}")]
    [InlineData("```\n{\"a\":1}\n```", "{\"a\":1}")]
    [InlineData("```json {\"a\":1}```", "{\"a\":1}")]
    [InlineData("Here you go:\n```json\n{\"a\":\"x\"}\n```\nAnything else?", "{\"a\":\"x\"}")]
    public void Fence_IsRemoved(string answer, string expected)
    {
        var result = JsonRepair.Parse(answer);

        Assert.Equal("removed a markdown code fence", result.Repairs[0]);
        AssertJson(expected, result);
    }

    [Theory]
    [InlineData("The intent is {\"a\":1} as requested.", "{\"a\":1}")]
    [InlineData("Using {braces} in prose: {\"a\":\"}\"}", "{\"a\":\"}\"}")]
    [InlineData("{\"a\":1}{\"b\":2}", "{\"a\":1}")]
    [InlineData("[{\"a\":1}, {\"b\":2}]", "{\"a\":1}")]
    public void FirstObjectThatParses_IsTaken(string answer, string expected)
    {
        var result = JsonRepair.Parse(answer);

        Assert.Contains("took the first JSON object in the answer and ignored the text around it", result.Repairs);
        AssertJson(expected, result);
    }

    [Theory]
    [InlineData("{\"a\":1,\"b\":{\"c\":\"x\",\"d\":[1,2", "{\"a\":1,\"b\":{\"c\":\"x\",\"d\":[1]}}")]
    [InlineData("{\"a\":1,\"b\":\"unfinished", "{\"a\":1}")]
    [InlineData("{\"a\":1,\"b\":50", "{\"a\":1}")]
    [InlineData("{\"a\":1,\"b\":tru", "{\"a\":1}")]
    [InlineData("{\"a\":1,\"b\":true,", "{\"a\":1,\"b\":true}")]
    [InlineData("{\"a\":1,\"b\"", "{\"a\":1}")]
    [InlineData("{\"a\":1,\"b\":", "{\"a\":1}")]
    [InlineData("{\"a\":[\"x\",\"y\"],\"b\":{", "{\"a\":[\"x\",\"y\"]}")]
    [InlineData("{\"a\":\"say \\\"hi\\\"\",\"b\":[", "{\"a\":\"say \\\"hi\\\"\"}")]
    [InlineData("```json\n{\"a\":1,\"b\":2", "{\"a\":1}")]
    public void TruncatedObject_IsClosedAfterItsLastCompleteValue(string answer, string expected)
    {
        var result = JsonRepair.Parse(answer);

        Assert.True(result.Truncated);
        Assert.Contains("closed a JSON object that was cut off (fields after the cut are missing)", result.Repairs);
        AssertJson(expected, result);
    }

    [Theory]
    [InlineData("", "the answer was empty")]
    [InlineData("   ", "the answer was empty")]
    [InlineData("no json here", "the answer holds no JSON object")]
    [InlineData("{", "the answer was cut off before its first complete value")]
    [InlineData("{\"a\":\"x", "the answer was cut off before its first complete value")]
    [InlineData("{'a': 1}", "the JSON in the answer is malformed")]
    [InlineData("{a: 1}", "the JSON in the answer is malformed")]
    [InlineData("{\"a\": 1 \"b\": 2}", "the JSON in the answer is malformed")]
    public void UnrepairableAnswer_Fails(string answer, string failure)
    {
        var result = JsonRepair.Parse(answer);

        Assert.False(result.Succeeded);
        Assert.Equal(failure, result.Failure);
    }

    [Fact]
    public void DeepNesting_IsRefused()
    {
        var deep = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200)) + "}";

        Assert.False(JsonRepair.Parse(deep).Succeeded);
    }

    private static void AssertJson(string expected, JsonRepairResult result)
    {
        Assert.True(result.Succeeded, result.Failure);
        using var want = JsonDocument.Parse(expected);
        Assert.True(JsonElement.DeepEquals(want.RootElement, result.Root!.Value), $"expected {expected}, got {result.Root!.Value.GetRawText()}");
    }
}
