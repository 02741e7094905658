using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Compass.Planning.Tests.Packaging;

/// <summary>
/// Packs every library as a user would get it, checks what each package says about itself, and builds and runs the
/// README's embedding example against the packed packages (not the projects), exactly as the README writes it.
/// </summary>
public sealed partial class PackageTests : IClassFixture<PackageTests.PackedLibraries>
{
    private readonly PackedLibraries _packed;

    public PackageTests(PackedLibraries packed) => _packed = packed;

    [Fact]
    public void EveryLibrary_IsPacked_WithReadme_Repository_Tags_AndSymbols()
    {
        var libraries = Directory.GetDirectories(Path.Combine(PackedLibraries.Root, "src"), "Compass.*").Select(Path.GetFileName).ToList();
        Assert.NotEmpty(libraries);
        foreach (var id in libraries)
        {
            var package = Path.Combine(_packed.Feed, $"{id}.{_packed.Version}.nupkg");
            Assert.True(File.Exists(package), $"{id} was not packed");
            Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"{id} has no symbol package");
            using var zip = ZipFile.OpenRead(package);
            var nuspec = Nuspec(zip);
            string? Meta(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.False(string.IsNullOrWhiteSpace(Meta("description")), $"{id}: no description");
            Assert.False(string.IsNullOrWhiteSpace(Meta("tags")), $"{id}: no tags");
            Assert.Equal("README.md", Meta("readme"));
            Assert.NotNull(zip.GetEntry("README.md"));
            Assert.NotNull(zip.GetEntry("NOTICE"));
            var repository = nuspec.Descendants().Single(e => e.Name.LocalName == "repository");
            Assert.StartsWith("https://", repository.Attribute("url")?.Value, StringComparison.Ordinal);
            Assert.NotNull(zip.GetEntry($"lib/net10.0/{id}.xml"));
        }
    }

    [Fact]
    public void Dependencies_AskForTheLowestSupportedPatch_AndOnlyWhatThePackageReferences()
    {
        foreach (var package in Directory.GetFiles(_packed.Feed, "*.nupkg"))
        {
            using var zip = ZipFile.OpenRead(package);
            var dependencies = Nuspec(zip).Descendants().Where(e => e.Name.LocalName == "dependency")
                .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
            foreach (var (id, version) in dependencies.Where(d => d.Key.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && !d.Key.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal)))
            {
                Assert.True(version.EndsWith(".0.0", StringComparison.Ordinal), $"{Path.GetFileName(package)} forces {id} >= {version}; ask for the major's first release");
            }

            Assert.DoesNotContain("System.Numerics.Tensors", dependencies.Keys);
        }
    }

    [Fact]
    public async Task ReadmeEmbeddingExample_BuildsAndRuns_AgainstThePackedPackages()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(PackedLibraries.Root, "README.md"));
        var section = readme[readme.IndexOf("Embedding it", StringComparison.Ordinal)..];
        var packages = AddPackage().Matches(section[..section.IndexOf("```csharp", StringComparison.Ordinal)]).Select(m => m.Groups[1].Value).ToList();
        var code = CSharpBlock().Match(section).Groups[1].Value;
        Assert.Contains("Compass.Planning", packages);

        var app = Path.Combine(_packed.WorkDirectory, "readme-app");
        Directory.CreateDirectory(app);
        var central = XDocument.Load(Path.Combine(PackedLibraries.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => e.Attribute("Include")!.Value, e => e.Attribute("Version")!.Value);
        var references = string.Join(Environment.NewLine, packages.Select(p =>
            $"    <PackageReference Include=\"{p}\" Version=\"{(p.StartsWith("Compass.", StringComparison.Ordinal) ? _packed.Version : central[p])}\" />"));
        await File.WriteAllTextAsync(Path.Combine(app, "readme-app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), code);

        var output = await _packed.DotnetAsync(app, "run", "--configuration", "Release");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("1. ", StringComparison.Ordinal) && l.Contains("/month", StringComparison.Ordinal));
    }

    private static XElement Nuspec(ZipArchive zip)
    {
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream).Root!;
    }

    [GeneratedRegex(@"dotnet add package ([\w.]+)")]
    private static partial Regex AddPackage();

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    /// <summary>Packs the libraries once, with a version of their own, into a feed that a throwaway NuGet cache reads.</summary>
    public sealed class PackedLibraries : IAsyncLifetime
    {
        public PackedLibraries()
        {
            WorkDirectory = Directory.CreateTempSubdirectory("compass-pack-").FullName;
            Feed = Path.Combine(WorkDirectory, "feed");
            Version = $"0.0.1-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
        }

        public static string Root { get; } = FindRoot();

        public string WorkDirectory { get; }

        public string Feed { get; }

        public string Version { get; }

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(Feed);

            // The packages' own dependencies come from the machine's NuGet cache (a folder feed), then nuget.org; the
            // test's packages go to a cache of their own, so the user's cache never holds a test build.
            var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="packed" value="{Feed}" />
                    <add key="machine-cache" value="{machineCache}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);

            var projects = Directory.GetDirectories(Path.Combine(Root, "src"), "Compass.*")
                .Select(d => Path.Combine(d, Path.GetFileName(d) + ".csproj"));
            foreach (var project in projects)
            {
                await DotnetAsync(WorkDirectory, "pack", project, "--configuration", "Release", "--output", Feed,
                    $"-p:Version={Version}", "-p:ContinuousIntegrationBuild=true");
            }
        }

        public Task DisposeAsync()
        {
            try
            {
                Directory.Delete(WorkDirectory, recursive: true);
            }
            catch (IOException)
            {
            }

            return Task.CompletedTask;
        }

        public async Task<string> DotnetAsync(string workingDirectory, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["NUGET_PACKAGES"] = Path.Combine(WorkDirectory, "packages");
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout + await stderr;
            Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output}");
            return await stdout;
        }

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Compass.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Compass.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
