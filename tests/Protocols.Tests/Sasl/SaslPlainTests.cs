using System.Text;
using ActorMailProxy.Protocols.Sasl;

namespace ActorMailProxy.Protocols.Tests.Sasl;

public class SaslPlainTests
{
    [Fact]
    public void Round_trips_through_encode_and_decode()
    {
        var encoded = SaslPlain.Encode("user@example.org", Secret.FromString("pä ss"), "admin");
        var decoded = SaslPlain.Decode(Encoding.ASCII.GetBytes(encoded))!;
        Assert.Equal("user@example.org", decoded.User);
        Assert.Equal("pä ss", decoded.Password.RevealText());
        Assert.Equal("admin", decoded.AuthorizationId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("=")]
    [InlineData("not base64!")]
    [InlineData("dXNlcg==")]
    [InlineData("AHVzZXI=")]
    [InlineData("AAB4")]
    public void Malformed_responses_are_null(string response)
    {
        Assert.Null(SaslPlain.Decode(Encoding.ASCII.GetBytes(response)));
    }

    [Fact]
    public void Secret_text_form_hides_the_value()
    {
        var secret = Secret.FromString("hunter2");
        Assert.Equal("***", secret.ToString());
        Assert.DoesNotContain("hunter2", new Credentials("u", secret).ToString());
    }
}
