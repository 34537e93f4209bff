using System.Text;
using ActorMailProxy.Audit.PopBeforeSmtp;

namespace ActorMailProxy.Audit.Tests.PopBeforeSmtp;

public sealed class PolicyRequestReaderTests
{
    private const string PostfixRequest =
        "request=smtpd_access_policy\nprotocol_state=RCPT\nprotocol_name=ESMTP\nclient_address=192.0.2.7\n"
        + "client_name=unknown\nhelo_name=client.example\nsender=a@example.com\nrecipient=b@elsewhere.example\n"
        + "sasl_method=\ninstance=1a2b.5f3c.0\n\n";

    [Fact]
    public void A_complete_request_yields_its_attributes()
    {
        var reads = ReadAll(new PolicyRequestReader(), Bytes(PostfixRequest));

        var request = Assert.IsType<PolicyRead.Complete>(Assert.Single(reads)).Request;
        Assert.Equal("smtpd_access_policy", request.Request);
        Assert.Equal("192.0.2.7", request.ClientAddress);
        Assert.Equal(10, request.Attributes.Count);
        Assert.Equal("b@elsewhere.example", request.Attributes["recipient"]);
    }

    [Fact]
    public void An_empty_value_is_kept_as_empty() =>
        Assert.Equal("", Single(Bytes("sasl_method=\n\n")).Attributes["sasl_method"]);

    [Fact]
    public void A_value_keeps_every_character_after_the_first_equals_sign() =>
        Assert.Equal("x=y=\r", Single(Bytes("ccert_subject=x=y=\r\n\n")).Attributes["ccert_subject"]);

    [Fact]
    public void Utf8_in_a_value_is_decoded() =>
        Assert.Equal("jürgen@例え.jp", Single(Bytes("sender=jürgen@例え.jp\n\n")).Attributes["sender"]);

    [Fact]
    public void Missing_request_and_client_address_read_as_null()
    {
        var request = Single(Bytes("recipient=b@example.com\n\n"));
        Assert.Null(request.Request);
        Assert.Null(request.ClientAddress);
    }

    [Fact]
    public void Two_requests_in_one_read_are_yielded_in_order_and_nothing_is_mixed_between_them()
    {
        var reader = new PolicyRequestReader();
        var input = Bytes("request=smtpd_access_policy\nclient_address=192.0.2.1\n\nrequest=other\nclient_address=192.0.2.2\n\n");

        var first = Assert.IsType<PolicyRead.Complete>(reader.Read(input, out var consumed)).Request;
        var second = Assert.IsType<PolicyRead.Complete>(reader.Read(input.AsSpan(consumed), out var rest)).Request;

        Assert.Equal(("smtpd_access_policy", "192.0.2.1"), (first.Request, first.ClientAddress));
        Assert.Equal(("other", "192.0.2.2"), (second.Request, second.ClientAddress));
        Assert.Equal(input.Length, consumed + rest);
        Assert.Equal(2, first.Attributes.Count);
    }

    [Fact]
    public void A_request_split_byte_by_byte_across_reads_reads_as_if_whole()
    {
        var input = Bytes(PostfixRequest + PostfixRequest);

        var reads = ReadAll(new PolicyRequestReader(), input, chunk: 1);

        Assert.Equal(2, reads.Count);
        Assert.All(reads, r => Assert.Equal(10, Assert.IsType<PolicyRead.Complete>(r).Request.Attributes.Count));
    }

    [Fact]
    public void A_multibyte_character_split_across_reads_is_decoded_whole()
    {
        var input = Bytes("sender=例@example.com\n\n");
        var reader = new PolicyRequestReader();

        Assert.IsType<PolicyRead.NeedMore>(reader.Read(input.AsSpan(0, 8), out _));
        var request = Assert.IsType<PolicyRead.Complete>(reader.Read(input.AsSpan(8), out _)).Request;

        Assert.Equal("例@example.com", request.Attributes["sender"]);
    }

    [Fact]
    public void Bytes_without_an_ending_line_ask_for_more_and_are_all_taken()
    {
        var reader = new PolicyRequestReader();
        Assert.IsType<PolicyRead.NeedMore>(reader.Read(Bytes("request=smtpd_access_policy\nclient_add"), out var consumed));
        Assert.Equal(38, consumed);
    }

    [Fact]
    public void An_empty_line_alone_is_a_request_without_attributes() =>
        Assert.Empty(Single(Bytes("\n")).Attributes);

    [Theory]
    [InlineData("request=smtpd_access_policy\nno equals sign\n\n", PolicyMalformation.LineWithoutEquals)]
    [InlineData("=value\n\n", PolicyMalformation.EmptyName)]
    [InlineData("client_address=192.0.2.1\nclient_address=192.0.2.2\n\n", PolicyMalformation.DuplicateName)]
    [InlineData("request=smtpd_access_policy\r\n\r\n", PolicyMalformation.LineWithoutEquals)]
    public void A_line_breaking_the_protocol_is_malformed(string input, PolicyMalformation reason) =>
        Assert.Equal(reason, Malformation(Bytes(input)));

    [Fact]
    public void Invalid_utf8_is_malformed() =>
        Assert.Equal(PolicyMalformation.InvalidUtf8, Malformation([.. "sender="u8, 0xC3, 0x28, (byte)'\n', (byte)'\n']));

    [Fact]
    public void An_overlong_utf8_encoding_is_malformed() =>
        Assert.Equal(PolicyMalformation.InvalidUtf8, Malformation([.. "sender="u8, 0xC0, 0xAF, (byte)'\n', (byte)'\n']));

    [Fact]
    public void A_line_of_exactly_the_maximum_length_is_taken() =>
        Assert.Equal(PolicyRequestReader.MaxLineBytes - 2, Single(Line(PolicyRequestReader.MaxLineBytes)).Attributes["x"].Length);

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(5000)]
    public void A_line_one_byte_past_the_maximum_is_malformed_however_it_arrives(int chunk) =>
        Assert.Equal(PolicyMalformation.LineTooLong, Malformation(Line(PolicyRequestReader.MaxLineBytes + 1), chunk));

    [Fact]
    public void An_endless_line_is_malformed_as_soon_as_it_passes_the_maximum_not_when_its_end_arrives()
    {
        var reader = new PolicyRequestReader();
        var start = Bytes("x=" + new string('a', PolicyRequestReader.MaxLineBytes - 2));

        Assert.IsType<PolicyRead.NeedMore>(reader.Read(start, out _));
        var read = reader.Read(Bytes("a"), out _);

        Assert.Equal(PolicyMalformation.LineTooLong, Assert.IsType<PolicyRead.Malformed>(read).Reason);
    }

    [Fact]
    public void The_maximum_number_of_attributes_is_taken() =>
        Assert.Equal(PolicyRequestReader.MaxAttributes, Single(Attributes(PolicyRequestReader.MaxAttributes)).Attributes.Count);

    [Fact]
    public void One_attribute_past_the_maximum_is_malformed() =>
        Assert.Equal(PolicyMalformation.TooManyAttributes, Malformation(Attributes(PolicyRequestReader.MaxAttributes + 1)));

    [Fact]
    public void The_attribute_bound_counts_per_request_not_per_connection()
    {
        var input = Attributes(PolicyRequestReader.MaxAttributes).Concat(Attributes(PolicyRequestReader.MaxAttributes)).ToArray();
        Assert.Equal(2, ReadAll(new PolicyRequestReader(), input).Count(r => r is PolicyRead.Complete));
    }

    [Fact]
    public void A_malformed_reader_stays_malformed_and_yields_no_later_request()
    {
        var reader = new PolicyRequestReader();
        Assert.IsType<PolicyRead.Malformed>(reader.Read(Bytes("garbage\n"), out _));

        var later = reader.Read(Bytes("request=smtpd_access_policy\n\n"), out var consumed);

        Assert.Equal(PolicyMalformation.LineWithoutEquals, Assert.IsType<PolicyRead.Malformed>(later).Reason);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Requests_before_a_malformed_line_are_still_yielded()
    {
        var reads = ReadAll(new PolicyRequestReader(), Bytes("request=smtpd_access_policy\n\ngarbage\n"));

        Assert.IsType<PolicyRead.Complete>(reads[0]);
        Assert.IsType<PolicyRead.Malformed>(reads[1]);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    // "x=aaa…\n\n" whose first line is `length` bytes before its LF.
    private static byte[] Line(int length) => Bytes("x=" + new string('a', length - 2) + "\n\n");

    private static byte[] Attributes(int count) =>
        Bytes(string.Concat(Enumerable.Range(0, count).Select(i => $"a{i}=v\n")) + "\n");

    private static PolicyRequest Single(byte[] input) =>
        Assert.IsType<PolicyRead.Complete>(Assert.Single(ReadAll(new PolicyRequestReader(), input))).Request;

    private static PolicyMalformation Malformation(byte[] input, int chunk = int.MaxValue) =>
        Assert.IsType<PolicyRead.Malformed>(ReadAll(new PolicyRequestReader(), input, chunk).Last()).Reason;

    // Feeds `input` in pieces of `chunk` bytes, as reads from a socket would, until it is used up or malformed.
    private static List<PolicyRead> ReadAll(PolicyRequestReader reader, byte[] input, int chunk = int.MaxValue)
    {
        var reads = new List<PolicyRead>();
        for (var offset = 0; offset < input.Length; offset += chunk)
        {
            var piece = input.AsSpan(offset, Math.Min(chunk, input.Length - offset));
            while (!piece.IsEmpty)
            {
                var read = reader.Read(piece, out var consumed);
                piece = piece[consumed..];
                if (read is PolicyRead.NeedMore)
                    continue;
                reads.Add(read);
                if (read is PolicyRead.Malformed)
                    return reads;
            }
        }
        return reads;
    }
}
