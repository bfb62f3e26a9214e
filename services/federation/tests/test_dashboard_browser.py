"""The dashboard in a real headless browser (Debian's Chromium driven by Playwright): figures
and Chinese labels render, English on the switch, drill-down to a station, a new event shows up
live, a screenshot is kept; a station user is refused the county view.

The service runs under uvicorn on a free port, consuming private copies of the domain topics.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

import pytest
from federation_fixtures import County, county_story, private_topics, publish
from playwright.async_api import async_playwright

from unionfed.common.auth import Role
from unionfed.common.db.migrations import migrate_async
from unionfed.common.testing.serving import served
from unionfed.common.testing.tokens import dev_token
from unionfed.federation.app import create_app
from unionfed.federation.cli import MIGRATIONS
from unionfed.federation.settings import Settings

pytestmark = pytest.mark.kafka

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def artifacts() -> Path:
    root = Path(__file__).resolve().parents[3]
    folder = Path(os.environ.get("UNIONFED_TEST_ARTIFACTS") or root / ".artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextlib.asynccontextmanager
async def dashboard_site(database_url: str, kafka: str, topics: list[str]):
    await migrate_async(database_url, MIGRATIONS)
    settings = Settings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka,
        topics=topics,
        dashboard_refresh_seconds=1,
        freshness_check_seconds=1,
    )
    async with served(create_app(settings)) as base:
        yield base


def chromium_installed() -> bool:
    return Path(CHROMIUM).exists()


@pytest.fixture
async def browser():
    assert chromium_installed(), "run deploy/browser/install.sh (Debian's chromium package)"
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def county_site(postgres_url, kafka_bootstrap):
    run = uuid.uuid4().hex[:8]
    topics = private_topics(run)
    c = County(run)
    story = county_story(c)
    await publish(kafka_bootstrap, story, topics=topics)
    async with dashboard_site(postgres_url, kafka_bootstrap, topics) as base:
        yield base, c, topics, len(story)


async def test_dashboard_renders_switches_drills_down_and_updates_live(
    browser, county_site, kafka_bootstrap
):
    base, c, topics, count = county_site
    a, _ = c.stations
    page = await browser.new_page(viewport={"width": 1400, "height": 1800})
    fed = dev_token(Role.federation_staff, subject="fed-browser")
    await page.goto(f"{base}/dashboard?token={fed}")
    await page.wait_for_function(
        f"document.querySelector('#events-total')?.dataset.events == '{count}'", timeout=30_000
    )
    await page.wait_for_selector("[data-figure=members_active] .value")
    await page.reload()  # the token is kept in sessionStorage, and gone from the address bar
    assert "token=" not in page.url
    members = page.locator("[data-figure=members_active] .value")
    await page.wait_for_function(
        "document.querySelector('[data-figure=members_active] .value')?.textContent == '7'"
    )
    assert await page.locator("[data-figure=members_active] .name").inner_text() == "会员总数"
    assert await page.locator("#title").inner_text() == "县总工会数据看板"
    assert await page.locator("section[data-table=grievances_by_category] svg rect").count() >= 2
    assert "欠薪" in await page.locator("section[data-table=grievances_by_category]").inner_text()
    assert await page.locator("button.export").count() > 10
    async with page.expect_download() as download:
        await page.locator("section[data-table=stations] button.export").click()
    saved = artifacts() / "federation-stations.xlsx"
    await (await download.value).save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"  # an .xlsx is a zip

    await page.locator("#lang-toggle").click()
    await page.wait_for_function(
        "document.querySelector('#title').textContent == 'County federation dashboard'"
    )
    await page.wait_for_function(
        "document.querySelector('[data-figure=members_active] .name')?.textContent == 'Members'"
    )
    assert (
        "unpaid wages"
        in await page.locator("section[data-table=grievances_by_category]").inner_text()
    )
    await page.locator("#lang-toggle").click()
    await page.wait_for_function(
        "document.querySelector('#title').textContent == '县总工会数据看板'"
    )

    await page.locator(f"section[data-table=stations] a[href='#/stations/{a}']").first.click()
    await page.wait_for_function("document.querySelector('#scope')?.dataset.level == 'station'")
    assert await members.inner_text() == "3"
    assert await page.locator("#scope").inner_text() == "新庄镇服务站"

    newcomer = c.joined(f"{c.run}-new", "pk-new", a, f"{c.run}-uA")
    await publish(kafka_bootstrap, [newcomer], topics=topics)
    await page.wait_for_function(
        "document.querySelector('[data-figure=members_active] .value')?.textContent == '4'",
        timeout=30_000,
    )
    await page.locator("section[data-table=unions] a").first.click()
    await page.wait_for_function("document.querySelector('#scope')?.dataset.level == 'union'")
    await page.locator("#scope").wait_for()
    shot = artifacts() / "federation-dashboard.png"
    await page.goto(f"{base}/dashboard#/")
    await page.wait_for_selector("[data-figure=members_active] .value")
    await page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == PNG_MAGIC and shot.stat().st_size > 20_000


async def test_a_station_user_is_refused_the_county_view(browser, county_site):
    base, c, _, _ = county_site
    a, b = c.stations
    page = await browser.new_page()
    staff = dev_token(Role.station_staff, stations=(a,), subject="station-browser")
    await page.goto(f"{base}/dashboard?token={staff}#/")
    # Their own station's page, not the county's.
    await page.wait_for_function(
        "document.querySelector('#scope')?.dataset.level == 'station'", timeout=30_000
    )
    assert await page.locator("#scope").inner_text() == "新庄镇服务站"
    await page.goto(f"{base}/dashboard#/stations/{b}")
    await page.wait_for_selector("#refused")
    assert await page.locator("#refused").get_attribute("data-status") == "404"
    response = await page.request.get(
        f"{base}/v1/county", headers={"Authorization": f"Bearer {staff}"}
    )
    assert response.status == 403
