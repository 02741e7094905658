using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Intent;
using Compass.Planning.Service;
using Compass.Planning.Specification;
using Microsoft.Extensions.Options;

namespace Compass.Planning.Tests.Intent;

/// <summary>
/// Every value the extractor could not read is said, with the field that would set it; impossible values are errors
/// naming the fields; and a plan never asks for a value its request supplied.
/// </summary>
public sealed class ExtractionNotesTests
{
    private static readonly DeterministicIntentExtractor Extractor = new(TestCatalog.Catalog);

    private static readonly PlanningService Planning = new(
        new EmbeddedKnowledgeBase(), Options.Create(new CompassPlanningOptions { VerifyBySimulation = false }));

    private static readonly string[] IntentFieldNames =
    [
        IntentFields.UseCase, IntentFields.UserCount, IntentFields.ExpectedQps, IntentFields.LatencyPriority, IntentFields.CostPriority,
        IntentFields.AccuracyPriority, IntentFields.PreferredGpuTypes, IntentFields.PreferredModels, IntentFields.MaxMonthlyCostUsd, IntentFields.DeploymentModel,
    ];

    // Whatever a text leaves out, every field is either stated or named by a hint: nothing is defaulted silently.
    [Theory]
    [InlineData("a chatbot")]
    [InlineData("something for our team")]
    [InlineData("code completion for 300 developers on H100, low latency, under $5k a month")]
    [InlineData("RAG over contracts for 40 lawyers, accuracy is critical, on-prem")]
    [InlineData("translate tickets, 20 requests per second, keep costs low, use llama 70b")]
    public void EveryField_IsStatedOrHinted(string text)
    {
        var extraction = Extractor.Extract(text, []);

        var hinted = extraction.Hints.Select(h => h.Field).ToHashSet(StringComparer.Ordinal);
        var load = extraction.Stated(IntentFields.UserCount) || extraction.Stated(IntentFields.ExpectedQps);
        foreach (var field in IntentFieldNames.Where(f => f is not (IntentFields.UserCount or IntentFields.ExpectedQps)))
        {
            Assert.True(extraction.Stated(field) || hinted.Contains(field), $"'{field}' is neither stated nor noted for \"{text}\"");
        }

        Assert.True(load || hinted.Contains(IntentFields.UserCount), $"the load is neither stated nor noted for \"{text}\"");
        Assert.All(extraction.Hints, h => Assert.Contains(h.Note, extraction.Notes));
        Assert.All(extraction.Hints.Where(h => extraction.Stated(h.Field) && h.Note.StartsWith("Not stated", StringComparison.Ordinal)),
            h => Assert.Fail($"'{h.Field}' is stated but listed as a default"));
    }

    [Fact]
    public void Defaults_ListOnlyWhatWasNotStated()
    {
        var extraction = Extractor.Extract("chatbot for 500 users, low latency, on our own hardware", []);
        var note = Assert.Single(extraction.Notes, n => n.StartsWith("Not stated", StringComparison.Ordinal));

        Assert.Contains("cost and accuracy priorities medium", note, StringComparison.Ordinal);
        Assert.DoesNotContain("latency", note.Split(':')[1].Split('.')[0], StringComparison.Ordinal);
        Assert.DoesNotContain("deployment", note.Split('.')[0], StringComparison.Ordinal);
        Assert.Equal(
            [IntentFields.CostPriority, IntentFields.AccuracyPriority, IntentFields.MaxMonthlyCostUsd, IntentFields.PreferredGpuTypes, IntentFields.PreferredModels],
            extraction.Hints.Where(h => h.Note == note).Select(h => h.Field).ToArray());
    }

    [Theory]
    [InlineData("chatbot for banana users", "'banana users'")]
    [InlineData("a bot for our staff", "'our staff'")]
    public void PeopleWithoutANumber_AreQuotedInTheNote(string text, string quoted)
    {
        var extraction = Extractor.Extract(text, []);

        Assert.Null(extraction.Intent.UserCount);
        var hint = Assert.Single(extraction.Hints, h => h.Field == IntentFields.UserCount);
        Assert.Contains(quoted, hint.Note, StringComparison.Ordinal);
        Assert.Contains(extraction.Hints, h => h.Field == IntentFields.ExpectedQps && h.Note == hint.Note);
    }

    [Theory]
    [InlineData("chatbot for 0 users", "no users")]
    [InlineData("chatbot for zero users", "no users")]
    [InlineData("chatbot for -500 users", "negative number of users")]
    [InlineData("chatbot for 10^15 users", "more users than can be planned for")]
    [InlineData("chatbot for 1e15 users", "more users than can be planned for")]
    [InlineData("chatbot for 1000000000000000 users", "more users than can be planned for")]
    [InlineData("chatbot for 2 billion users", "more users than can be planned for")]
    public void ImpossibleUserCounts_AreErrorsNamingTheLoadFields(string text, string expected)
    {
        var ex = Assert.Throws<IntentValueException>(() => Extractor.Extract(text, []));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal([IntentFields.UserCount, IntentFields.ExpectedQps], ex.Fields.ToArray());
    }

    [Theory]
    [InlineData("chatbot for 10^3 users", 1_000)]
    [InlineData("chatbot for 100 million users", 100_000_000)]
    public void LargeButPossibleCounts_AreRead(string text, int users)
    {
        Assert.Equal(users, Extractor.Extract(text, []).Intent.UserCount);
    }

    [Fact]
    public void ImpossibleCount_InAnEarlierTurn_DoesNotBlockTheNextOne()
    {
        var extraction = Extractor.Extract("for code completion", [new ConversationTurn("user", "a bot for -5 users")]);

        Assert.Null(extraction.Intent.UserCount);
        Assert.Equal(UseCase.CodeCompletion, extraction.Intent.UseCase);
    }

    [Theory]
    [InlineData("chatbot for 500 users on our B300s", "'B300'", "B200")]
    [InlineData("chatbot for 500 users on GB200 nodes", "'GB200'", "B200")]
    [InlineData("chatbot for 500 users on MI355X", "'MI355X'", "MI300X")]
    public void UnknownGpus_AreNotedWithTheClosestKnown(string text, string quoted, string closest)
    {
        var extraction = Extractor.Extract(text, []);

        var hint = Assert.Single(extraction.Hints, h => h.Field == IntentFields.PreferredGpuTypes && h.Note.Contains(quoted, StringComparison.Ordinal));
        Assert.Contains(closest, hint.Note, StringComparison.Ordinal);
        Assert.Empty(extraction.Intent.PreferredGpuTypes);
    }

    [Fact]
    public void UnknownGpu_BesideAKnownOne_KeepsTheKnownOne()
    {
        var extraction = Extractor.Extract("chatbot for 500 users on H100s or B300s", []);

        Assert.Equal([GpuType.H100], extraction.Intent.PreferredGpuTypes.ToArray());
        Assert.Contains(extraction.Hints, h => h.Field == IntentFields.PreferredGpuTypes && h.Note.Contains("'B300'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("percentiles: p95 under 2 s for 500 users")]
    [InlineData("chatbot for 500 users in H1 2026")]
    public void GpuLookingWords_ThatAreNotGpus_AreNotNoted(string text)
    {
        Assert.DoesNotContain(Extractor.Extract(text, []).Notes, n => n.Contains("is not a GPU", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("chatbot for 500 users using Llama-9-1T", "'Llama-9-1T'", "llama")]
    [InlineData("chatbot for 500 users, we like GPT-4o", "'GPT-4o'", null)]
    [InlineData("chatbot for 500 users on Gemma", "'Gemma'", null)]
    public void UnknownModels_AreNotedWithTheClosestKnown_NotWidenedToTheFamily(string text, string quoted, string? family)
    {
        var extraction = Extractor.Extract(text, []);

        Assert.Empty(extraction.Intent.PreferredModels);
        var note = Assert.Single(extraction.Notes, n => n.Contains(quoted, StringComparison.Ordinal));
        Assert.Contains(extraction.Hints, h => h.Note == note && h.Field == IntentFields.PreferredModels);
        Assert.Contains(extraction.Hints, h => h.Note == note && h.Field == IntentFields.AdditionalModels);
        var named = TestCatalog.Catalog.Models.Where(m => note.Contains(m.Id.Value, StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(named);
        if (family is not null)
        {
            Assert.All(named, m => Assert.Contains(family, m.Id.Value, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void AFamilyWithAVersion_NamesThatVersionOnly()
    {
        var models = Extractor.Extract("chatbot for 500 users on Llama 3", []).Intent.PreferredModels;

        Assert.NotEmpty(models);
        Assert.All(models, m => Assert.Contains("Llama-3", m.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void ModelSizeGluedToItsFamily_IsTheSize()
    {
        Assert.Equal([ModelId.Parse("Qwen/Qwen2.5-32B-Instruct")], Extractor.Extract("Use Qwen 32B, 100 developers", []).Intent.PreferredModels.ToArray());
    }

    [Theory]
    [InlineData("chatbot for 500 users, first token under 300 ms", IntentFields.TtftMs)]
    [InlineData("chatbot for 500 users, full answers within 5 seconds", IntentFields.E2eMs)]
    [InlineData("chatbot for 500 users, prompts of about 4,000 tokens", IntentFields.PromptTokens)]
    [InlineData("summaries of 300 tokens for 50 analysts", IntentFields.OutputTokens)]
    public void NumbersTheRulesDoNotRead_AreNoted(string text, string field)
    {
        var hints = Extractor.Extract(text, []).Hints.Where(h => h.Field == field).ToArray();

        Assert.NotEmpty(hints);
        Assert.Contains("come from the use case's template", hints[0].Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a chatbot")]
    [InlineData("chatbot for banana users")]
    public async Task Plan_WithoutALoad_SaysWhatTheTextLacked(string text)
    {
        var ex = await Assert.ThrowsAsync<IntentValueException>(() => Planning.PlanAsync(text));

        Assert.Equal(Extractor.Extract(text, []).Hints.First(h => h.Field == IntentFields.UserCount).Note, ex.Message);
        Assert.Contains(IntentFields.UserCount, ex.Fields);
    }

    public static TheoryData<string, PlanOverrides, string[]> Resolved => new()
    {
        { "a chatbot", new PlanOverrides { Users = 500 }, [IntentFields.UserCount, IntentFields.ExpectedQps] },
        { "something for our team", new PlanOverrides { Qps = 5 }, [IntentFields.UserCount, IntentFields.ExpectedQps] },
        { "something for our team", new PlanOverrides { Users = 50, UseCase = UseCase.CodeCompletion }, [IntentFields.UseCase, IntentFields.UserCount] },
        { "chatbot for 500 users on our B300s", new PlanOverrides { Gpus = [GpuType.H100] }, [IntentFields.PreferredGpuTypes] },
        { "chatbot for 500 users using Llama-9-1T", new PlanOverrides { Models = [ModelId.Parse("meta-llama/Llama-3.1-8B-Instruct")] }, [IntentFields.PreferredModels, IntentFields.AdditionalModels] },
        { "chatbot for 500 users, first token under 300 ms", new PlanOverrides { TtftMs = 300 }, [IntentFields.TtftMs] },
        { "chatbot for thousands of users", new PlanOverrides { Users = 4000 }, [IntentFields.UserCount] },
    };

    // A plan never asks for a value its request supplied, whatever the field.
    [Theory]
    [MemberData(nameof(Resolved))]
    public async Task Plan_DropsTheNotesItsOverridesResolve(string text, PlanOverrides overrides, string[] fields)
    {
        var bare = Extractor.Extract(text, []);
        Assert.Contains(bare.Hints, h => fields.Contains(h.Field));

        var outcome = await Planning.PlanAsync(text, overrides with { Top = 1 });

        Assert.DoesNotContain(outcome.Extraction!.Hints, h => fields.Contains(h.Field));
        foreach (var note in bare.Hints.Where(h => fields.Contains(h.Field)).Select(h => h.Note).Distinct())
        {
            var others = bare.Hints.Where(h => h.Note == note).Select(h => h.Field).Except(fields).ToArray();
            if (others.Length == 0)
            {
                Assert.DoesNotContain(note, outcome.Extraction.Notes);
            }
        }
    }

    [Fact]
    public async Task Plan_RewritesTheDefaultsNote_ToWhatIsStillDefaulted()
    {
        var outcome = await Planning.PlanAsync("chatbot for 500 users", new PlanOverrides { LatencyPriority = Priority.High, MaxMonthlyCostUsd = 9000, Top = 1 });

        var note = Assert.Single(outcome.Extraction!.Notes, n => n.StartsWith("Not stated", StringComparison.Ordinal));
        Assert.Contains("cost and accuracy priorities medium", note, StringComparison.Ordinal);
        Assert.DoesNotContain("budget", note.Split('.')[0], StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.Extraction.Hints, h => h.Field is IntentFields.LatencyPriority or IntentFields.MaxMonthlyCostUsd);
        Assert.All(outcome.Extraction.Hints.Where(h => h.Note.StartsWith("Not stated", StringComparison.Ordinal)), h => Assert.Equal(note, h.Note));
    }
}
