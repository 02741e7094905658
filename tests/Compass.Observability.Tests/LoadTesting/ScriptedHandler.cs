using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Compass.Observability.Tests.LoadTesting;

/// <summary>
/// An HTTP handler that answers with a scripted body whose pieces arrive as the fake clock advances: before handing
/// out each piece, the stream moves <see cref="FakeTimeProvider"/> forward by that piece's delay. Measurements made
/// through it are exact.
/// </summary>
internal sealed class ScriptedHandler(FakeTimeProvider time, IReadOnlyList<(TimeSpan Delay, string Text)> pieces, string contentType = "text/event-stream", HttpStatusCode status = HttpStatusCode.OK)
    : HttpMessageHandler
{
    public string? LastBody { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var content = new StreamContent(new PacedStream(time, pieces));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return new HttpResponseMessage(status) { Content = content };
    }

    private sealed class PacedStream(FakeTimeProvider time, IReadOnlyList<(TimeSpan Delay, string Text)> pieces) : Stream
    {
        private int _next;
        private byte[] _current = [];
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset >= _current.Length)
            {
                if (_next >= pieces.Count)
                {
                    return 0;
                }

                var (delay, text) = pieces[_next++];
                time.Advance(delay);
                _current = Encoding.UTF8.GetBytes(text);
                _offset = 0;
            }

            var n = Math.Min(count, _current.Length - _offset);
            Array.Copy(_current, _offset, buffer, offset, n);
            _offset += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var array = new byte[buffer.Length];
            var n = Read(array, 0, array.Length);
            array.AsSpan(0, n).CopyTo(buffer.Span);
            return ValueTask.FromResult(n);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
