using Compass.Simulator.Text;

namespace Compass.Simulator.Tests;

public sealed class TextTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("hello", 1)]
    [InlineData("hello world", 2)]
    [InlineData("hello, world!", 4)]
    [InlineData("internationalization", 4)]   // 20 letters, 6 per piece
    [InlineData("  padded  ", 1)]
    public void Tokenizer_CountsAsDocumented(string text, int tokens)
    {
        Assert.Equal(tokens, ApproximateTokenizer.Count(text));
        Assert.Equal(text, string.Concat(ApproximateTokenizer.Split(text)));
    }

    [Fact]
    public void Generator_IsDeterministicPerPromptAndSeed()
    {
        var a = new ResponseGenerator(ResponseMode.Lorem, "chatbot_conversational", 1, null).Plan("prompt", 10_000, false, []);
        var b = new ResponseGenerator(ResponseMode.Lorem, "chatbot_conversational", 1, null).Plan("prompt", 10_000, false, []);
        Assert.Equal(a.Text, b.Text);
        Assert.Equal("stop", a.FinishReason);
    }

    [Fact]
    public void Generator_CannedMode_AnswersForTheUseCase()
    {
        var code = new ResponseGenerator(ResponseMode.Canned, "code_completion", 1, null).Plan("x", 50, false, []);
        Assert.Contains("def", code.Text, StringComparison.Ordinal);
        Assert.True(code.Tokens.Count <= 50);
    }

    [Fact]
    public void Generator_StopInTheMiddleOfAToken_CutsThatToken()
    {
        var planned = new ResponseGenerator(ResponseMode.Echo, "x", 1, null).Plan("alphabet soup", 100, false, ["bet"]);
        Assert.Equal("alpha", planned.Text);
        Assert.Single(planned.Tokens);
        Assert.Equal("stop", planned.FinishReason);
    }
}
