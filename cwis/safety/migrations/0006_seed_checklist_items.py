"""The usual checklist items per area, as data (administrators add and withdraw items in the
admin). Written in Chinese: they are what inspectors read on site, like the names of places.
"""

from django.db import migrations

ITEMS = {
    "fire": [
        ("", "消防通道、安全出口畅通，无堵塞、锁闭"),
        ("", "灭火器、消火栓在有效期内，配置到位"),
        ("", "应急照明和疏散指示标志完好"),
        ("", "火灾自动报警、喷淋系统运行正常"),
        ("", "消防控制室有人值守，值班记录完整"),
        ("fire_service", "消防安全责任制和消防安全管理人落实"),
    ],
    "electricity": [
        ("", "无私拉乱接电线，线路无老化破损"),
        ("", "配电箱（柜）加锁，周围无可燃物"),
        ("", "儿童活动区插座有保护装置"),
        ("", "大功率电器使用符合规定"),
    ],
    "food": [
        ("", "食品经营许可证在有效期内并公示"),
        ("", "从业人员持有效健康证明"),
        ("", "每餐每样食品留样不少于125克，保存48小时以上"),
        ("", "食品原料进货查验记录完整"),
        ("", "餐具清洗消毒到位"),
        ("market_supervision", "食品安全管理员配备到位，自查记录完整"),
    ],
    "building": [
        ("", "房屋无裂缝、渗漏等结构安全问题"),
        ("", "窗户、阳台、楼梯护栏牢固，高度符合要求"),
        ("", "室外活动场地和设施完好"),
    ],
    "medicine": [
        ("", "药品分类存放，专人管理，有出入库记录"),
        ("", "无过期药品"),
        ("", "儿童接触不到药品和消毒剂"),
    ],
    "child_safety": [
        ("", "门卫值守和来访登记落实"),
        ("", "视频监控覆盖出入口和公共区域，运行正常"),
        ("", "儿童外出有登记，夜间查房有记录"),
        ("", "水池、水箱等危险区域有防护"),
    ],
}


def seed(apps, schema_editor):
    ChecklistItem = apps.get_model("safety", "ChecklistItem")
    ChecklistItem.objects.bulk_create(
        ChecklistItem(area=area, inspection_kind=kind, text=text, position=position)
        for area, items in ITEMS.items()
        for position, (kind, text) in enumerate(items, start=1))


def unseed(apps, schema_editor):
    # Only before any inspection used them (results protect the items).
    apps.get_model("safety", "ChecklistItem").objects.filter(
        text__in=[text for items in ITEMS.values() for _, text in items]).delete()


class Migration(migrations.Migration):
    dependencies = [("safety", "0005_checklists_photos_plan_files")]

    operations = [migrations.RunPython(seed, unseed)]
