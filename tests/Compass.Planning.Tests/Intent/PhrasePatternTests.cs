using System.Text.RegularExpressions;
using Compass.Planning.Intent;

namespace Compass.Planning.Tests.Intent;

/// <summary>
/// The classifier runs a phrase regex only when the text holds that phrase's required literal: the literal must be one
/// every match contains, or a phrase would silently stop counting.
/// </summary>
public sealed class PhrasePatternTests
{
    [Theory]
    [InlineData(@"chat\s?bots?", "chat")]
    [InlineData(@"customer[\s-](?:service|support|care)", "customer")]
    [InlineData(@"(?<![\w-])(?:fast|quick|instant) completions?(?![\w])", " completion")]
    [InlineData(@"auto[\s-]?complet(?:e|ion|ions)", "complet")]
    [InlineData(@"writes? (?:the |a )?(?:complete )?(?:scripts?|sql)", "write")]
    [InlineData(@"\d{2,}\+?\s*(?:pages?|seiten)", null)]
    [InlineData(@"code|coding", null)]
    [InlineData(@"ab(?:c|d)", null)]
    [InlineData(@"summar(?:y|ies)", "summar")]
    [InlineData(@"x{0,2}yyyz", "yyyz")]
    public void RequiredLiteral_IsARunEveryMatchContains(string pattern, string? expected)
    {
        Assert.Equal(expected, PhrasePattern.FindRequiredLiteral(pattern));
    }

    [Fact]
    public void EveryPhrase_WhereItMatchesACorpusPrompt_FindsItsLiteral_SoTheFilterNeverDropsAMatch()
    {
        var prompts = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data"), "*.json", SearchOption.AllDirectories)
            .Where(f => f.Contains("intent", StringComparison.OrdinalIgnoreCase))
            .SelectMany(f => IntentScenarioSet.Parse(File.ReadAllText(f)).Scenarios)
            .SelectMany(s => s.History.Select(h => h.Content).Append(s.UserMessage))
            .ToArray();
        var patterns = UseCaseClassifier.PhrasePatterns.ToArray();
        var matched = 0;

        foreach (var pattern in patterns)
        {
            foreach (var prompt in prompts.Where(p => pattern.Regex.IsMatch(p)))
            {
                matched++;
                Assert.True(pattern.MayMatch(prompt), $"'{pattern.Pattern}' matches but its literal '{pattern.RequiredLiteral}' is not found in: {prompt}");
            }
        }

        Assert.True(prompts.Length > 1_500, $"{prompts.Length} prompts");
        Assert.True(matched > 1_000, $"{matched} matches");
        Assert.True(patterns.Count(p => p.RequiredLiteral is not null) > patterns.Length * 0.8, "most phrases have a literal to filter on");
    }

    [Fact]
    public void CaseFoldingOutliers_SkipTheFilter()
    {
        var pattern = new PhrasePattern("kubernetes", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        Assert.True(pattern.MayMatch("\u212Aubernetes"));
        Assert.False(pattern.MayMatch("nomad"));
    }
}
