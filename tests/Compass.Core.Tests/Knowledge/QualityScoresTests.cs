using System.Text.Json;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;

namespace Compass.Core.Tests.Knowledge;

public sealed class QualityScoresTests
{
    private static readonly string QualityFile = Path.GetFullPath(Path.Combine(
        AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Compass.Core", "Knowledge", "Data", "quality.json"));

    // The shipped scores are exactly what the documented computation gives from the source table.
    // Run with COMPASS_UPDATE_QUALITY=1 to rewrite quality.json after changing the method or the data.
    [Fact]
    public void ShippedScores_EqualComputationFromSourceTable()
    {
        var csv = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "accuracy", "opensource_all_benchmarks.csv"));
        var computed = QualityScoreComputation.Compute(csv);
        var document = new QualityDocument
        {
            Description = "Quality per model and use case, 0-100, derived from Artificial Analysis benchmark results "
                + "(raw table, no imputation). Computed by tests/Compass.Core.Tests/Knowledge/QualityScoreComputation.cs; see docs/knowledge-base.md.",
            Scores = computed,
        };
        var expected = JsonSerializer.Serialize(document, CompassJson.Options);
        if (Environment.GetEnvironmentVariable("COMPASS_UPDATE_QUALITY") == "1")
        {
            File.WriteAllText(QualityFile, expected + "\n");
        }

        Assert.Equal(expected.Trim(), File.ReadAllText(QualityFile).Trim());
    }

    [Fact]
    public void EveryCatalogModel_HasAQualityScoreForEveryUseCase()
    {
        foreach (var model in EmbeddedKnowledgeBase.Catalog.Models)
        {
            foreach (var useCase in UseCase.WellKnown)
            {
                var score = model.QualityFor(useCase);
                Assert.True(score is not null, $"{model.Id} has no score for {useCase}");
                Assert.InRange(score.Score, 0, 100);
                Assert.Contains("Artificial Analysis", score.Source, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Scores_RankKnownStrongModelsAboveWeakOnes()
    {
        var catalog = EmbeddedKnowledgeBase.Catalog;
        double Score(string id, UseCase useCase) => catalog.GetModel(new ModelId(id))!.QualityFor(useCase)!.Score;
        Assert.True(Score("meta-llama/Llama-3.3-70B-Instruct", UseCase.ChatbotConversational) > Score("meta-llama/Llama-3.1-8B-Instruct", UseCase.ChatbotConversational));
        Assert.True(Score("openai/gpt-oss-120b", UseCase.CodeGenerationDetailed) > Score("mistralai/Mistral-7B-Instruct-v0.3", UseCase.CodeGenerationDetailed));
        Assert.True(Score("meta-llama/Llama-3.2-3B-Instruct", UseCase.ResearchLegalAnalysis) > Score("meta-llama/Llama-3.2-1B-Instruct", UseCase.ResearchLegalAnalysis));
    }
}
