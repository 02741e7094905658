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
    public void Tokenizer_CountAgreesWithSplit_OnMixedText()
    {
        const string Alphabet = "ab1 \t\n.,;!éß😀中-_";
        var random = new Random(7);
        for (var n = 0; n < 2_000; n++)
        {
            var chars = new System.Text.StringBuilder();
            var length = random.Next(0, 40);
            for (var i = 0; i < length; i++)
            {
                var at = random.Next(Alphabet.Length);
                chars.Append(char.IsHighSurrogate(Alphabet[at]) ? Alphabet.Substring(at, 2) : char.IsLowSurrogate(Alphabet[at]) ? "x" : Alphabet[at].ToString());
            }

            var text = chars.ToString();
            Assert.Equal(ApproximateTokenizer.Split(text).Count, ApproximateTokenizer.Count(text));
        }
    }

    [Fact]
    public void Generator_SameInstance_AnswersTheSameLengthTheSameWay()
    {
        var generator = new ResponseGenerator(ResponseMode.Lorem, "chatbot_conversational", 3, null);
        var first = generator.Plan("prompt", 10_000, false, []);
        var again = generator.Plan("prompt", 10_000, false, []);
        var cut = generator.Plan("prompt", 5, false, []);
        Assert.Equal(first.Text, again.Text);
        Assert.Equal(first.Tokens.Take(5), cut.Tokens);
        Assert.Equal("length", cut.FinishReason);
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

    [Fact]
    public void Generator_StopOnARepeatedAnswer_CutsWhereTheWholeTextWouldBeCut()
    {
        // Reference: build the whole answer, find the earliest stop string, keep the tokens up to it (the last one cut).
        var random = new Random(20261201);
        var words = new[] { "alpha", "be", "tа", "gamma, ", "d!", "x\ny", "epsilonzeta" };
        for (var n = 0; n < 500; n++)
        {
            var prompt = string.Join(' ', Enumerable.Range(0, random.Next(1, 6)).Select(_ => words[random.Next(words.Length)]));
            var maxTokens = random.Next(1, 40);
            var ignoreEos = random.Next(2) == 0;
            var unit = ApproximateTokenizer.Split(prompt);
            var whole = Enumerable.Range(0, ignoreEos || unit.Count > maxTokens ? maxTokens : unit.Count).Select(i => unit[i % unit.Count]).ToList();
            var text = string.Concat(whole);
            var from = random.Next(text.Length);
            var stop = new List<string> { text.Substring(from, Math.Min(random.Next(1, 8), text.Length - from)), "never-there" };
            if (random.Next(3) == 0)
            {
                stop[0] += "x";   // sometimes absent
            }

            var planned = new ResponseGenerator(ResponseMode.Echo, "x", 1, null).Plan(prompt, maxTokens, ignoreEos, stop);

            var at = text.IndexOf(stop[0], StringComparison.Ordinal);
            if (at < 0)
            {
                Assert.Equal(whole, planned.Tokens);
                continue;
            }

            Assert.Equal(text[..at], planned.Text);
            Assert.Equal("stop", planned.FinishReason);
            var position = 0;
            var expectedCount = whole.TakeWhile(t => (position += t.Length) <= at).Count() + 1;
            Assert.Equal(expectedCount, planned.Tokens.Count);
        }
    }
}
