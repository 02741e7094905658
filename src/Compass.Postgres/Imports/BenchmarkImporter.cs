using System.Security.Cryptography;
using System.Text;
using Compass.Core.Knowledge;

namespace Compass.Postgres.Imports;

/// <summary>
/// Imports benchmark results and prices into a Compass knowledge base: the upstream BLIS table, GuideLLM reports,
/// <c>vllm bench serve</c> results, <c>compass loadtest</c> reports and CSV (see <c>docs/knowledge-base.md</c>). Thread-safe.
/// </summary>
/// <remarks>
/// <para>A file is read and checked whole before anything is written; then it is written in one transaction (binary COPY
/// into staging tables, then inserts that skip what exists), so a bad file, a cancelled import or a lost connection
/// writes nothing.</para>
/// <para>Imports are idempotent: the same content of the same layout is recognised by its SHA-256 in the <c>imports</c>
/// table and writes nothing (<see cref="ImportResult.AlreadyImported"/>), also when several imports of it run at once;
/// runs are keyed by their configuration, profile, engine, provenance and source, and points by run and request rate,
/// so other files holding the same runs and points add only what is new.</para>
/// <para>Model, GPU and format names are resolved through the catalog as planning resolves them (ids, aliases,
/// quantized checkpoints); an unknown name is an error that lists the closest known names.</para>
/// </remarks>
public sealed class BenchmarkImporter
{
    private readonly CompassDatabase _database;
    private readonly KnowledgeCatalog _catalog;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="database">The knowledge base to write to (migrated).</param>
    /// <param name="catalog">The catalog that resolves model, GPU and format names.</param>
    /// <param name="time">The clock for the import's time stamp and id; the system clock by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> or <paramref name="catalog"/> is null.</exception>
    public BenchmarkImporter(CompassDatabase database, KnowledgeCatalog catalog, TimeProvider? time = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Recognises a file's layout from its first bytes (up to 64 KiB are read) and its name.</summary>
    /// <param name="head">The start of the file.</param>
    /// <param name="fileName">The file's name, for the message.</param>
    /// <returns>The layout (never <see cref="ImportFormat.Auto"/>).</returns>
    /// <exception cref="ImportException">The layout is not one Compass reads; the message lists them and <c>--format</c>.</exception>
    public static ImportFormat Detect(ReadOnlySpan<byte> head, string fileName) => FormatDetector.Detect(head, fileName);

    /// <summary>Imports a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The layout and what the file does not say.</param>
    /// <param name="cancellationToken">A token to cancel the import (nothing is written then).</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ImportException">The file cannot be read or is invalid; nothing was written.</exception>
    /// <exception cref="CompassDatabaseException">The database cannot be reached, has no Compass schema, or failed during the import; nothing was written.</exception>
    public async Task<ImportResult> ImportFileAsync(string path, ImportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportException(Path.GetFileName(path), null, null, $"cannot read the file ({ex.Message}).", ex);
        }

        await using (stream.ConfigureAwait(false))
        {
            return await ImportAsync(stream, Path.GetFileName(path), options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Imports content read from a stream.</summary>
    /// <param name="content">The file's content (read to the end; not disposed).</param>
    /// <param name="fileName">The file's name, for messages, detection and the default source.</param>
    /// <param name="options">The layout and what the file does not say.</param>
    /// <param name="cancellationToken">A token to cancel the import (nothing is written then).</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ImportException">The content is invalid; nothing was written.</exception>
    /// <exception cref="CompassDatabaseException">The database cannot be reached, has no Compass schema, or failed during the import; nothing was written.</exception>
    public async Task<ImportResult> ImportAsync(Stream content, string fileName, ImportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(options);
        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }

        var format = options.Format == ImportFormat.Auto ? Detect(bytes, fileName) : options.Format;
        var parsed = Parse(bytes, fileName, format, options);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var now = _time.GetUtcNow();
        return await ImportWriter.WriteAsync(_database, parsed, format, fileName, sha256, Guid.CreateVersion7(now), now, cancellationToken).ConfigureAwait(false);
    }

    private ParsedFile Parse(byte[] bytes, string fileName, ImportFormat format, ImportOptions options)
    {
        var context = new ImportContext(_catalog, fileName, format, options);
        switch (format)
        {
            case ImportFormat.Blis:
                BlisParser.Parse(bytes, context);
                break;
            case ImportFormat.GuideLlm or ImportFormat.CompassLoadTest:
                GuideLlmParser.Parse(bytes, context);
                break;
            case ImportFormat.VllmBench:
                VllmBenchParser.Parse(bytes, context);
                break;
            case ImportFormat.PointsCsv:
                PointsCsvParser.Parse(Text(bytes), context);
                break;
            case ImportFormat.PricesCsv:
                PricesCsvParser.Parse(Text(bytes), context);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), format, $"Unknown import format; use one of {FormatDetector.Choices}.");
        }

        return context.Finish();
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
