using System.CommandLine;
using Compass.Ai;
using Compass.Cli.Parsing;
using Compass.Planning.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Compass.Cli.Commands;

/// <summary><c>--llm URL [--llm-model M]</c>: read descriptions with an LLM through Ollama, the deterministic extractor as its fallback.</summary>
internal sealed class LlmOptions
{
    public Option<string?> Url { get; } = CliOptions.Text("llm", "read the description with an LLM served by Ollama at URL (falls back to the deterministic extractor, and says so, when it cannot be reached)", "URL");

    public Option<string?> Model { get; } = CliOptions.Text("llm-model", "the Ollama model (default qwen2.5:7b)", "M");

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Model);
    }

    /// <summary>The planning services, with the LLM extractor when <c>--llm</c> is given.</summary>
    public ServiceProvider Services(ParseResult result, KnowledgeBaseOption? knowledgeBase, Action<CompassPlanningOptions>? planning = null)
    {
        var services = CliServices.Collection(knowledgeBase, planning);
        if (result.GetValue(Url) is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                throw new CliException($"--llm must be the URL of an Ollama server, e.g. --llm http://localhost:11434 (got '{url}').");
            }

            var model = result.GetValue(Model) ?? LlmExtractorOptions.DefaultOllamaModel;
            if (string.IsNullOrWhiteSpace(model))
            {
                throw new CliException("--llm-model needs a model name, e.g. --llm-model qwen2.5:7b.");
            }

            services.AddCompassOllama(endpoint, model);
        }
        else if (result.GetValue(Model) is not null)
        {
            throw new CliException("--llm-model only applies with --llm URL.");
        }

        return services.BuildServiceProvider();
    }
}
