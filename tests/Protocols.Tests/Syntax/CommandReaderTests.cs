using ActorMailProxy.Protocols.Syntax;

namespace ActorMailProxy.Protocols.Tests.Syntax;

public class CommandReaderTests
{
    private static (CommandReader Reader, InputBuffer Input) New(int maxLine = 100, int maxLiteral = 50, int maxCommand = 200) =>
        (new CommandReader(maxLine, maxLiteral, maxCommand, tagged: true), new InputBuffer(maxLine + 2));

    [Theory]
    [InlineData("a {5}", 5, false)]
    [InlineData("a {12+}", 12, true)]
    [InlineData("{0}", 0, false)]
    public void Literal_announcements_are_recognised(string line, int length, bool nonSync)
    {
        var a = CommandReader.LiteralAnnouncement(System.Text.Encoding.ASCII.GetBytes(line));
        Assert.Equal(length, a!.Value.Length);
        Assert.Equal(nonSync, a.Value.NonSynchronizing);
    }

    [Theory]
    [InlineData("a {x}")]
    [InlineData("a {}")]
    [InlineData("a {5} ")]
    [InlineData("a 5}")]
    [InlineData("a {+}")]
    public void Non_announcements_are_not_literals(string line)
    {
        Assert.Null(CommandReader.LiteralAnnouncement(System.Text.Encoding.ASCII.GetBytes(line)));
    }

    [Fact]
    public void Command_with_many_empty_literals_is_bounded_by_the_command_size()
    {
        var (reader, input) = New(maxCommand: 40);
        ReadResult result = ReadResult.NeedMore.Instance;
        for (var i = 0; i < 20 && result is ReadResult.NeedMore; i++)
        {
            input.Append("a ID {0+}\r\n"u8);
            result = reader.Read(input);
        }
        Assert.IsType<ReadResult.LineTooLong>(result);
        Assert.Equal("a", ((ReadResult.LineTooLong)result).Tag);
    }

    [Fact]
    public void Literal_over_the_bound_is_refused_before_any_allocation_of_it()
    {
        var (reader, input) = New();
        input.Append("t LOGIN {2147483647}\r\n"u8);
        var result = Assert.IsType<ReadResult.LiteralTooLarge>(reader.Read(input));
        Assert.Equal("t", result.Tag);
        Assert.False(result.NonSynchronizing);
    }
}
