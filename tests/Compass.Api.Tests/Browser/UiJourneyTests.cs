using System.IO.Compression;
using System.Text.RegularExpressions;
using Compass.Kserve.Tests.Deployment.FakeApiServer;
using Compass.Observability.Tests.FakeOpenAi;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Compass.Api.Tests.Browser;

/// <summary>
/// The web UI in a real headless Chromium against the real API: from a plain-language description to a downloaded
/// manifest, and a comparison of two scenarios. Screenshots of each step go to <c>TestResults/screenshots</c>.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class UiJourneyTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string Description = "customer service chatbot for 5000 users, low latency";
    private static readonly TimeSpan PlanTimeout = TimeSpan.FromMinutes(3);

    [BrowserFact]
    public async Task Description_to_downloaded_manifest_and_a_scenario_comparison()
    {
        await using var context = await fixture.Browser.NewContextAsync(new()
        {
            BaseURL = fixture.BaseAddress.ToString(),
            AcceptDownloads = true,
            ViewportSize = new() { Width = 1400, Height = 1000 },
        });
        context.SetDefaultTimeout((float)PlanTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, e) => pageErrors.Add(e);
        page.Console += (_, m) => { if (m.Type == "error") { output.WriteLine($"browser console: {m.Text}"); } };
        var shots = new Screenshots(page, fixture.ScreenshotDirectory, output);

        // 1. Open the UI: static files served by the API.
        await page.GotoAsync("/");
        await page.Locator("body[data-ready=true]").WaitForAsync();
        await shots.TakeAsync("01-opened");

        // 2. Describe the need in the chat; the assistant answers (announced through aria-live) and a plan follows.
        await page.GetByLabel("Message").FillAsync(Description);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await page.Locator("#chat-log li.assistant").First.WaitForAsync();
        Assert.Equal("polite", await page.Locator("#chat-log").GetAttributeAsync("aria-live"));
        await page.Locator("#spec-summary", new() { HasText = "5,000 users" }).WaitForAsync();

        // 3. The specification shows the users and the SLOs read from the description.
        Assert.Equal("5000", await page.GetByLabel("Users", new() { Exact = true }).InputValueAsync());
        var ttft = await page.GetByLabel("TTFT (ms)").InputValueAsync();
        Assert.True(double.Parse(ttft, System.Globalization.CultureInfo.InvariantCulture) > 0, $"TTFT target '{ttft}'");
        Assert.NotEmpty(await page.GetByLabel("E2E (ms)").InputValueAsync());
        await shots.TakeAsync("02-specification");

        // 4. Recommendation cards and the table.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Recommendations" }).ClickAsync();
        var cards = page.GetByTestId("rec-card");
        await cards.First.WaitForAsync();
        var cardCount = await cards.CountAsync();
        Assert.True(cardCount >= 1);
        Assert.Equal(cardCount, await page.Locator("#recs-table tbody tr").CountAsync());
        await Assertions.Expect(cards.First).ToContainTextAsync("TTFT");
        await Assertions.Expect(cards.First.GetByTestId("single-vm")).ToContainTextAsync("aws ");
        await shots.TakeAsync("03-recommendations");

        // 5. The cost-vs-latency chart: one point per recommendation and the Pareto line.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Cost" }).ClickAsync();
        Assert.Equal(cardCount, await page.Locator("#cost-chart circle.pt").CountAsync());
        var frontier = await page.GetByTestId("pareto-line").GetAttributeAsync("points");
        Assert.False(string.IsNullOrWhiteSpace(frontier));
        await shots.TakeAsync("04-cost-chart");

        // 6. Edit the specification: more users re-plan by themselves (no button press).
        await page.GetByRole(AriaRole.Tab, new() { Name = "Specification" }).ClickAsync();
        var peakBefore = await page.Locator("#spec-summary").InnerTextAsync();
        await page.GetByLabel("Users", new() { Exact = true }).FillAsync("20000");
        await page.Locator("#spec-summary", new() { HasText = "20,000 users" }).WaitForAsync();
        var peakAfter = await page.Locator("#spec-summary").InnerTextAsync();
        Assert.NotEqual(peakBefore, peakAfter);
        await shots.TakeAsync("05-replanned-20000-users");

        // 7. The YAML view shows the InferenceService, and the download holds it.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Deployment" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show YAML" }).ClickAsync();
        var isvc = page.Locator("[data-testid=yaml] article[data-kind=InferenceService]");
        await isvc.WaitForAsync();
        await Assertions.Expect(isvc).ToContainTextAsync("kind: InferenceService");
        await shots.TakeAsync("06-yaml");

        var download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Download YAML" }).ClickAsync());
        var saved = Path.Combine(fixture.ScreenshotDirectory, "..", download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        output.WriteLine($"downloaded manifest: {Path.GetFullPath(saved)}");
        Assert.EndsWith(".yaml", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Contains("kind: InferenceService", await File.ReadAllTextAsync(saved), StringComparison.Ordinal);

        var zip = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Download zip" }).ClickAsync());
        var zipPath = Path.Combine(fixture.ScreenshotDirectory, "..", zip.SuggestedFilename);
        await zip.SaveAsAsync(zipPath);
        output.WriteLine($"downloaded zip: {Path.GetFullPath(zipPath)}");
        using (var archive = ZipFile.OpenRead(zipPath))
        {
            var texts = archive.Entries.Select(e => { using var r = new StreamReader(e.Open()); return r.ReadToEnd(); }).ToList();
            Assert.Contains(texts, t => t.Contains("kind: InferenceService", StringComparison.Ordinal));
        }

        // 8. Compare two scenarios: 5,000 vs 20,000 users; the rows that differ are highlighted.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Specification" }).ClickAsync();
        await page.GetByLabel("Scenario A name").FillAsync("5k users");
        await page.GetByLabel("Scenario A users").FillAsync("5000");
        await page.GetByLabel("Scenario B name").FillAsync("20k users");
        await page.GetByLabel("Scenario B users").FillAsync("20000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();
        var table = page.GetByTestId("compare-table");
        await table.WaitForAsync();
        await Assertions.Expect(table.Locator("thead")).ToContainTextAsync("5k users");
        await Assertions.Expect(table.Locator("thead")).ToContainTextAsync("20k users");
        var usersRow = table.Locator("tbody tr", new() { HasText = "Users" }).First;
        Assert.Equal("true", await usersRow.GetAttributeAsync("data-differs"));
        await Assertions.Expect(usersRow.Locator("td.diff").First).ToHaveCSSAsync("background-color", HighlightColour());
        await page.GetByTestId("compare-result").ScrollIntoViewIfNeededAsync();
        await shots.TakeAsync("07-comparison");

        Assert.True(await page.Locator("#error").IsHiddenAsync(), await page.Locator("#error").InnerTextAsync());
        Assert.Empty(pageErrors);
    }

    [BrowserFact]
    public async Task Invalid_specification_shows_the_problem_details_to_the_user()
    {
        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseAddress.ToString() });
        context.SetDefaultTimeout((float)PlanTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("body[data-ready=true]").WaitForAsync();
        await page.GetByLabel("Re-plan as I edit").UncheckAsync();
        await page.GetByLabel("Users", new() { Exact = true }).FillAsync("-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Plan", Exact = true }).ClickAsync();
        var error = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(error).ToContainTextAsync(UsersRegex());
        await Assertions.Expect(page.GetByLabel("Users", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await new Screenshots(page, fixture.ScreenshotDirectory, output).TakeAsync("08-problem-details");
    }

    [BrowserFact]
    public async Task Chat_asks_a_follow_up_and_plans_once_it_is_answered()
    {
        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseAddress.ToString() });
        context.SetDefaultTimeout((float)PlanTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("body[data-ready=true]").WaitForAsync();

        var input = page.GetByLabel("Message");
        await input.FillAsync("a customer support chatbot");
        await input.PressAsync("Enter");
        var answers = page.Locator("#chat-log li.assistant");
        await Assertions.Expect(answers).ToHaveCountAsync(1);
        await Assertions.Expect(answers.First).ToContainTextAsync("How many people");
        Assert.Equal(0, await page.GetByTestId("rec-card").CountAsync());
        await Assertions.Expect(input).ToBeFocusedAsync();

        await input.FillAsync("about 3000 users, low latency");
        await input.PressAsync("Enter");
        await Assertions.Expect(answers).ToHaveCountAsync(2);
        await page.Locator("#spec-summary", new() { HasText = "3,000 users" }).WaitForAsync();
        await new Screenshots(page, fixture.ScreenshotDirectory, output).TakeAsync("09-chat-follow-up");

        // Keyboard: the tabs follow the WAI-ARIA pattern (arrow keys move and select).
        await page.GetByRole(AriaRole.Tab, new() { Name = "Specification" }).FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Recommendations" })).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(page.GetByTestId("rec-card").First).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Monitoring_panel_measures_ttft_and_itl_from_a_streamed_completion()
    {
        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        // A stand-in for a vLLM-compatible server that allows the UI's origin (the real simulator is not part of this test).
        const string server = "http://simulator.test:8000";
        var chunks = string.Concat(Enumerable.Range(0, 8).Select(i => $"data: {{\"choices\":[{{\"text\":\" t{i}\"}}]}}\n\n")) + "data: [DONE]\n\n";
        await page.RouteAsync(server + "/v1/completions", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "text/event-stream",
            Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = "*" },
            Body = chunks,
        }));
        await page.GotoAsync("/");
        await page.Locator("body[data-ready=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Monitoring" }).ClickAsync();
        await page.GetByLabel("Server URL").FillAsync(server);
        await page.GetByLabel("Prompts").FillAsync("3");
        await page.Locator("#mon-run").ClickAsync();
        await Assertions.Expect(page.Locator("#mon-n")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#mon-ttft")).ToContainTextAsync("ms");
        await Assertions.Expect(page.Locator("#mon-itl")).ToContainTextAsync("ms");
        await Assertions.Expect(page.Locator("#mon-log")).ToContainTextAsync("8 chunks");
        await new Screenshots(page, fixture.ScreenshotDirectory, output).TakeAsync("10-monitoring");
    }

    [BrowserFact]
    public async Task Deploy_then_watch_the_status_until_ready()
    {
        await using var context = await fixture.Browser.NewContextAsync(new()
        {
            BaseURL = fixture.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1400, Height = 1000 },
        });
        context.SetDefaultTimeout((float)PlanTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("body[data-ready=true]").WaitForAsync();
        await page.GetByLabel("Message").FillAsync("support chatbot for 200 users, low latency");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await page.Locator("#spec-summary", new() { HasText = "200 users" }).WaitForAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Deployment" }).ClickAsync();
        await page.GetByLabel("Deployment name").FillAsync("ui-chat");
        await page.GetByLabel("Namespace", new() { Exact = true }).FillAsync("llm-ui");
        await page.GetByLabel("vLLM simulator (CPU) instead of real GPUs").CheckAsync();
        await page.GetByLabel("Create the namespace").CheckAsync();

        // A dry run changes nothing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Deploy", Exact = true }).ClickAsync();
        var status = page.GetByTestId("deploy-status");
        await Assertions.Expect(status).ToContainTextAsync("Dry run");
        Assert.Null(fixture.Cluster.Store.Find(FakeStore.Resource("inferenceservices"), "llm-ui", "ui-chat"));

        // The real thing, then the UI polls the status until KServe (here the fake controller) reports Ready.
        await page.GetByLabel("Dry run").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Deploy", Exact = true }).ClickAsync();
        await Assertions.Expect(status).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 60_000 });
        await Assertions.Expect(status).ToContainTextAsync("READY");
        Assert.NotNull(fixture.Cluster.Store.Find(FakeStore.Resource("inferenceservices"), "llm-ui", "ui-chat"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Watch status" })).ToBeVisibleAsync();
        await new Screenshots(page, fixture.ScreenshotDirectory, output).TakeAsync("11-deployed-ready");
    }

    [BrowserFact]
    public async Task Monitoring_through_the_api_load_test_reports_ttft_and_itl()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseAddress.ToString() });
        context.SetDefaultTimeout((float)PlanTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("body[data-ready=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Monitoring" }).ClickAsync();
        var mode = page.Locator("#mon-mode");
        await Assertions.Expect(mode.Locator("option[value=api]")).ToBeEnabledAsync();
        await mode.SelectOptionAsync("api");
        await page.GetByLabel("Server URL").FillAsync(server.BaseUri.ToString());
        await page.GetByLabel("Model", new() { Exact = true }).FillAsync("fake");
        await page.GetByLabel("Prompts").FillAsync("3");
        await page.GetByLabel("Max tokens").FillAsync("4");
        await page.Locator("#mon-run").ClickAsync();
        await Assertions.Expect(page.Locator("#mon-n")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#mon-ttft")).ToContainTextAsync("ms");
        await Assertions.Expect(page.Locator("#mon-log")).ToContainTextAsync("TTFT mean");
        Assert.True(await page.Locator("#error").IsHiddenAsync(), await page.Locator("#error").InnerTextAsync());
        await new Screenshots(page, fixture.ScreenshotDirectory, output).TakeAsync("12-monitoring-through-api");
    }

    private static string HighlightColour() => "rgb(255, 243, 191)"; // --hl in styles.css

    [GeneratedRegex("users", RegexOptions.IgnoreCase)]
    private static partial Regex UsersRegex();

    private sealed class Screenshots(IPage page, string directory, ITestOutputHelper output)
    {
        public async Task TakeAsync(string name)
        {
            var path = Path.Combine(directory, $"{name}.png");
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
            output.WriteLine($"screenshot: {path}");
        }
    }
}
