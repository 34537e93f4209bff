namespace ActorMailProxy.Protocols.Tests.Syntax;

public class InputBufferTests
{
    [Fact]
    public void Never_holds_more_than_its_maximum()
    {
        var buffer = new InputBuffer(64, 16);
        Assert.Equal(64, buffer.Append(new byte[1000]));
        Assert.True(buffer.IsFull);
        Assert.True(buffer.GetWriteMemory().IsEmpty);
    }

    [Fact]
    public void Reads_crlf_and_bare_lf_lines()
    {
        var buffer = new InputBuffer(64);
        buffer.Append("a\r\nb\nc"u8);
        Assert.True(buffer.TryReadLine(out var first));
        Assert.True(buffer.TryReadLine(out var second));
        Assert.False(buffer.TryReadLine(out _));
        Assert.Equal("a"u8.ToArray(), first);
        Assert.Equal("b"u8.ToArray(), second);
        Assert.Equal("c"u8.ToArray(), buffer.Unread.ToArray());
    }

    [Fact]
    public void Space_is_reclaimed_after_consuming()
    {
        var buffer = new InputBuffer(16, 16);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(6, buffer.Append("hello\n"u8));
            Assert.True(buffer.TryReadLine(out _));
        }
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void Partial_line_survives_compaction()
    {
        var buffer = new InputBuffer(16, 16);
        buffer.Append("0123456789\nabcd"u8);
        Assert.True(buffer.TryReadLine(out _));
        buffer.Append("efgh\n"u8);
        Assert.True(buffer.TryReadLine(out var line));
        Assert.Equal("abcdefgh"u8.ToArray(), line);
    }
}
