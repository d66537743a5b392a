using System.Net;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>A session ends after 30 idle minutes, and 12 hours after its sign-in however busy (Features/Users/SessionCheck.cs); its own app, for it moves the clock by hours.</summary>
public class SessionTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Session_in_use_stays_open_and_one_left_idle_for_31_minutes_ends()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        var inUse = await staff.GetAsync("/api/v1/admissions");
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        var fortyMinutesAfterSignIn = await staff.GetAsync("/api/v1/admissions");
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var afterIdle = await staff.GetAsync("/api/v1/admissions");
        var page = await staff.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, inUse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fortyMinutesAfterSignIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterIdle.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Session_used_every_20_minutes_ends_12_hours_after_its_sign_in()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var signedInAt = app.Clock.GetUtcNow();

        while (app.Clock.GetUtcNow() - signedInAt < TimeSpan.FromHours(11.6))
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            var response = await staff.GetAsync("/api/v1/admissions");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{app.Clock.GetUtcNow() - signedInAt} after sign-in: {(int)response.StatusCode}");
        }
        app.Clock.Advance(TimeSpan.FromMinutes(25));
        var pastTheLimit = await staff.GetAsync("/api/v1/admissions");
        var again = await app.SignedInAsync(Roles.StationStaff);

        Assert.Equal(HttpStatusCode.Unauthorized, pastTheLimit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/admissions")).StatusCode);
    }
}
