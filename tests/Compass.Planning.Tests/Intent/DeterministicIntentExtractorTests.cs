using System.Globalization;
using Compass.Core;
using Compass.Planning.Intent;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compass.Planning.Tests.Intent;

public sealed class DeterministicIntentExtractorTests
{
    private static readonly DeterministicIntentExtractor Extractor = new(TestCatalog.Catalog);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task ExtractAsync_EmptyText_Throws(string text)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Extractor.ExtractAsync(text));
    }

    [Fact]
    public async Task ExtractAsync_TooLong_SaysTheLimit()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Extractor.ExtractAsync(new string('x', DeterministicIntentExtractor.MaxLength + 1)));
        Assert.Contains("20,000", ex.Message, StringComparison.Ordinal);
    }

    // Who the users are is not what they ask for: lawyers looking up clauses want document Q&A, not a 240 s legal analysis.
    [Theory]
    [InlineData("RAG over contracts for the legal team, 40 lawyers", "document_analysis_rag")]
    [InlineData("search our case files and answer with citations for 120 paralegals", "document_analysis_rag")]
    [InlineData("turn long contracts into one-page briefs for 30 lawyers", "long_document_summarization")]
    [InlineData("legal research and precedent analysis for 80 attorneys", "research_legal_analysis")]
    [InlineData("Autocompletado de código para 600 desarrolladores", "code_completion")]
    [InlineData("text-to-SQL: the model writes the full query for 450 analysts", "code_generation_detailed")]
    [InlineData("drafts outbound sales emails for 1,500 sales reps", "content_generation")]
    [InlineData("give our 400 agents a 2-3 line recap of each ticket", "summarization_short")]
    [InlineData("transaltion service for 5k users", "translation")]
    [InlineData("a 'chat with your PDFs' feature for 20k customers", "document_analysis_rag")]
    public async Task ExtractAsync_ReadsTheTask_NotTheAudience(string text, string expected)
    {
        var extraction = await Extractor.ExtractAsync(text);

        Assert.Equal(UseCase.Parse(expected), extraction.Intent.UseCase);
    }

    [Fact]
    public async Task ExtractAsync_NoUseCase_AssumesChatbotAndSaysSo()
    {
        var extraction = await Extractor.ExtractAsync("I need an AI system for my team of 50");
        Assert.False(extraction.UseCaseStated);
        Assert.Equal(UseCase.ChatbotConversational, extraction.Intent.UseCase);
        Assert.Contains(extraction.Notes, n => n.Contains("assumed", StringComparison.Ordinal));
        Assert.Equal("deterministic", extraction.Extractor);
    }

    [Fact]
    public async Task ExtractAsync_ReportsWhichFieldsWereStated()
    {
        var extraction = await Extractor.ExtractAsync("code completion for 300 developers on H100, low latency, under $5k a month");
        Assert.True(extraction.Stated(IntentFields.UseCase));
        Assert.True(extraction.Stated(IntentFields.UserCount));
        Assert.True(extraction.Stated(IntentFields.LatencyPriority));
        Assert.True(extraction.Stated(IntentFields.PreferredGpuTypes));
        Assert.True(extraction.Stated(IntentFields.MaxMonthlyCostUsd));
        Assert.False(extraction.Stated(IntentFields.CostPriority));
        Assert.False(extraction.Stated(IntentFields.ExpectedQps));
        Assert.False(extraction.Stated(IntentFields.DeploymentModel));
    }

    [Fact]
    public async Task ExtractAsync_NoLoad_SaysWhatIsMissing()
    {
        var extraction = await Extractor.ExtractAsync("a chatbot");
        Assert.Null(extraction.Intent.UserCount);
        Assert.Contains(extraction.Notes, n => n.Contains("no number of users", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExtractAsync_ReadmeExample()
    {
        var intent = (await Extractor.ExtractAsync("customer service chatbot for 5000 users, low latency")).Intent;
        Assert.Equal(UseCase.ChatbotConversational, intent.UseCase);
        Assert.Equal(5000, intent.UserCount);
        Assert.Equal(Priority.High, intent.LatencyPriority);
        Assert.Equal(Priority.Medium, intent.CostPriority);
        Assert.Equal(ExperienceClass.Conversational, intent.ExperienceClass);
    }

    [Fact]
    public async Task DemoScenarios_FromUpstream_AreReadCorrectly()
    {
        // redhat-et/compass demo_scenarios.json, with its older use-case names mapped to ours.
        var one = (await Extractor.ExtractAsync("I need a customer service chatbot for about 5000 concurrent users. Response time is critical - we need sub-500ms latency. Users will be asking common questions about orders, returns, and product information.")).Intent;
        Assert.Equal((UseCase.ChatbotConversational, 5000, true, Priority.High), (one.UseCase, one.UserCount, one.UsersAreConcurrent, one.LatencyPriority));

        var two = (await Extractor.ExtractAsync("We have a team of 500 developers who need a code generation assistant. It should help with code completion, bug fixes, and documentation. We can tolerate slightly higher latency if it means better code quality. Budget is flexible.")).Intent;
        Assert.Equal((UseCase.CodeGenerationDetailed, 500, Priority.Low, Priority.Low, Priority.High), (two.UseCase, two.UserCount, two.LatencyPriority, two.CostPriority, two.AccuracyPriority));

        var three = (await Extractor.ExtractAsync("We need to summarize thousands of documents daily - news articles, research papers, customer feedback. Speed isn't as critical as throughput. We need to process around 2000 users worth of documents per day, with each document being 3-5 pages. Cost efficiency is important.")).Intent;
        Assert.Equal((UseCase.SummarizationShort, 2000, Priority.Low, Priority.High), (three.UseCase, three.UserCount, three.LatencyPriority, three.CostPriority));
    }

    [Property(MaxTest = 300)]
    public Property UserCount_IsReadInAnyNumberFormat()
        => Prop.ForAll(Gen.Choose(1, 10_000_000).ToArbitrary(), n =>
        {
            var plain = Extractor.Extract(string.Create(CultureInfo.InvariantCulture, $"chatbot for {n} users"), []).Intent.UserCount;
            var grouped = Extractor.Extract(string.Create(CultureInfo.InvariantCulture, $"chatbot for {n:N0} users"), []).Intent.UserCount;
            return plain == n && grouped == n;
        });

    private static readonly string[] Prompts =
    [
        "customer service chatbot for 5000 users", "Fast code completion for 200 developers in their IDE", "RAG over our wiki for 900 employees",
        "Translate support tickets between English and German for 120 agents", "Summarize long research reports for 30 analysts",
        "Legal contract analysis for 45 attorneys", "Marketing copy for 12 writers", "Detailed code generation for 75 engineers",
    ];

    [Property(MaxTest = 200)]
    public Property StatingLatency_NeverChangesUseCaseOrUsers()
        => Prop.ForAll(Gen.Elements(Prompts).ToArbitrary(), prompt =>
        {
            var before = Extractor.Extract(prompt, []).Intent;
            var after = Extractor.Extract(prompt + ". Low latency is critical for us.", []).Intent;
            return before.UseCase == after.UseCase && before.UserCount == after.UserCount && after.LatencyPriority == Priority.High;
        });

    [Property(MaxTest = 100)]
    public Property Extraction_IsDeterministic()
        => Prop.ForAll(Gen.Elements(Prompts).ToArbitrary(), prompt =>
            Extractor.Extract(prompt, []).Intent == Extractor.Extract(prompt, []).Intent);
}
