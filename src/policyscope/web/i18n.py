"""Every word on the pages in Chinese and English; taxonomy labels come from the model's taxonomies."""

from __future__ import annotations

from policyscope.model import registry, taxonomy

LANGS = ("zh", "en")

TEXT: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "site": ("政策观察台", "policyscope"),
    "tagline": ("科技与数字产业战略、政策与创新的开放双语观察台",
                "Open bilingual observatory of technology strategy, policy and innovation"),
    "home": ("首页", "Home"), "search": ("搜索", "Search"), "events": ("政策事件", "Events"),
    "documents": ("文献", "Documents"), "jurisdictions": ("国家和地区", "Jurisdictions"),
    "indicators": ("指标", "Indicators"), "explorer": ("指标浏览", "Indicator explorer"), "map": ("地图", "Map"), "menu": ("菜单", "Menu"),
    "code": ("代码", "Code"), "url": ("网址", "URL"), "top_n": ("显示前", "Top"), "strength": ("合作强度", "Strength"),
    "degree": ("合作方数", "Partners (degree)"), "top_partner": ("首要合作方", "Top partner"),
    "edge_OPENALEX.COAUTHOR": ("国际合著论文（OpenAlex）", "Internationally co-authored works (OpenAlex)"),
    "edge_NCSES.COAUTHOR": ("国际合著科学与工程论文（NCSES）", "Internationally co-authored S&E articles (NCSES)"),
    "edge_NCSES.COAUTHOR.AI": ("国际合著人工智能论文（NCSES）", "Internationally co-authored AI articles (NCSES)"),
    "precision_day": ("精确到日", "exact day"), "precision_month": ("精确到月", "month only"),
    "precision_year": ("精确到年", "year only"),
    "action_import": ("导入", "imported"), "action_create": ("创建", "created"), "action_update": ("更新", "updated"),
    "action_accepted": ("接受", "accepted"), "action_rejected": ("拒绝", "rejected"), "action_reopen": ("重新待审", "reopened"),
    "action_edit": ("编辑", "edited"), "action_merge": ("合并（保留）", "merged (kept)"),
    "action_merged_into": ("并入其他事件", "merged into another"), "action_unmerge": ("撤销合并", "unmerged"),
    "action_unmerge_from": ("拆出事件", "released an event"), "actor_build": ("数据构建", "build"),
    "actor_tests": ("测试", "tests"),
    "level": ("层级", "Level"), "level_international": ("国际", "International"),
    "level_supranational": ("超国家（欧盟等）", "Supranational (EU…)"), "level_national": ("国家", "National"),
    "level_subnational": ("地方", "Sub-national"), "level_all": ("全部层级", "All levels"),
    "compare": ("对比", "Compare"), "network": ("合作网络", "Network"), "reports": ("报告与快报", "Reports"),
    "review": ("审核", "Review"), "upload": ("上传文献", "Upload"), "api": ("API", "API"),
    "sign_in": ("登录", "Sign in"), "sign_out": ("退出", "Sign out"), "user": ("用户", "User"),
    "password": ("密码", "Password"), "signed_in_as": ("已登录：", "Signed in as "),
    "what_changed": ("最近更新", "What changed recently"), "counts": ("数据概况", "In the database"),
    "at_a_glance": ("各地概览", "Jurisdictions at a glance"), "recent_events": ("最新事件", "Latest events"),
    "awaiting_review": ("待审核", "Awaiting review"), "observations": ("观测值", "Observations"),
    "edges": ("关系数据", "Edges"),
    "query": ("关键词", "Query"), "results": ("结果", "results"), "no_results": ("没有结果", "No results"),
    "filters": ("筛选", "Filters"), "apply": ("应用", "Apply"), "all": ("全部", "All"),
    "jurisdiction": ("国家/地区", "Jurisdiction"), "domain": ("技术领域", "Domain"), "type": ("类型", "Type"),
    "date": ("日期", "Date"), "from": ("起", "From"), "to": ("止", "To"), "title": ("标题", "Title"),
    "issuer": ("发布机构", "Issuer"), "status": ("状态", "Status"), "review_state": ("审核状态", "Review state"),
    "amount": ("金额", "Amount"), "amount_usd": ("金额（美元）", "Amount (US$)"), "partners": ("合作方", "Partners"),
    "evidence": ("证据", "Evidence"), "history": ("修改记录", "History"), "line": ("行", "line"),
    "open_in_document": ("在原文中查看", "Open in the document"), "document": ("文献", "Document"),
    "year": ("年份", "Year"), "value": ("数值", "Value"), "unit": ("单位", "Unit"), "source": ("来源", "Source"),
    "licence": ("许可", "Licence"), "definition": ("定义", "Definition"), "indicator": ("指标", "Indicator"),
    "chart": ("图表", "Chart"), "table": ("表格", "Table"), "download": ("下载", "Download"),
    "permalink": ("永久链接", "Permalink"), "show": ("显示", "Show"), "timeline": ("时间线", "Timeline"),
    "peers": ("与同类比较", "Against peers"), "radar": ("雷达图", "Radar"),
    "partner_network": ("合作伙伴", "Partner network"), "top_partners": ("主要合作伙伴", "Top partners"),
    "accept": ("接受", "Accept"), "reject": ("拒绝", "Reject"), "edit": ("编辑", "Edit"), "merge": ("合并", "Merge"),
    "merge_into": ("合并到（保留的事件ID）", "Merge into (event id to keep)"), "save": ("保存", "Save"),
    "queue_empty": ("没有待审核的事件", "Nothing awaits review"),
    "upload_help": ("PDF、Word（.docx）、HTML 或 TXT，中文或英文。", "PDF, Word (.docx), HTML or TXT, Chinese or English."),
    "file": ("文件", "File"), "start": ("开始", "Start"), "progress": ("进度", "Progress"),
    "job_done": ("完成", "Done"), "job_failed": ("失败", "Failed"), "job_running": ("处理中", "Running"),
    "job_queued": ("排队中", "Queued"), "events_found": ("提取的事件", "Events found"),
    "build_report": ("生成报告", "Build a report"), "newsletter": ("快报", "Newsletter"),
    "report_kind": ("种类", "Kind"), "language": ("语言", "Language"), "format": ("格式", "Format"),
    "available_reports": ("已生成的报告", "Reports built"), "period": ("时期", "Period"),
    "select_jurisdictions": ("选择国家/地区（逗号分隔）", "Jurisdictions (comma-separated)"),
    "not_available": ("此功能尚未安装", "This feature is not installed yet"),
    "json_twin": ("JSON", "JSON"), "error": ("错误", "Error"), "not_found": ("未找到", "Not found"),
    "sign_in_needed": ("请先登录", "Please sign in first"), "page": ("页", "Page"), "next": ("下一页", "Next"),
    "prev": ("上一页", "Previous"), "of": ("共", "of"), "sort": ("排序", "Sort"), "newest": ("最新", "Newest"),
    "oldest": ("最早", "Oldest"), "most_important": ("最重要", "Most important"), "in_documents": ("文献中", "In documents"), "in_events": ("事件中", "In events"),
    "text": ("全文", "Full text"), "lang": ("语种", "Language"), "chars": ("字数", "Characters"),
    "published": ("发布日期", "Published"), "name": ("名称", "Name"), "kind": ("类别", "Kind"),
    "members": ("成员", "Members"), "score": ("得分", "Score"), "share": ("占比", "Share"),
    "rank": ("排名", "Rank"), "weights": ("权重", "Weights"), "change": ("变动", "Change"),
    "actor": ("操作者", "Actor"), "action": ("操作", "Action"), "when": ("时间", "When"),
    "footer": ("数据：世界银行 WDI（CC BY 4.0）、OpenAlex（CC0）、FRED 等开放数据。",
               "Data: World Bank WDI (CC BY 4.0), OpenAlex (CC0), FRED and other open data."),
    "read_only": ("只读模式", "Read-only mode"), "busy": ("数据库正忙，请稍后重试", "The database is busy; try again"),
    "csrf_failed": ("表单已过期，请刷新页面后重试", "The form expired; reload the page and try again"),
    "bad_login": ("用户名或密码错误", "Wrong user name or password"),
    "too_many": ("请求过于频繁，请稍后再试", "Too many requests; slow down"),
    "docs": ("API 文档", "API docs"), "endpoint": ("端点", "Endpoint"), "parameters": ("参数", "Parameters"),
    "edges_indicator": ("关系指标", "Edge indicator"), "min_value": ("最小值", "Minimum value"),
    "analysis": ("分析", "Analysis"),
    "kind_country": ("国家", "country"), "kind_territory": ("地区", "territory"),
    "kind_group": ("国家集团", "group"), "kind_multilateral": ("国际组织", "multilateral body"),
    "kind_supranational": ("超国家组织", "supranational"), "kind_aggregate": ("汇总", "aggregate"),
    "kind_wb_aggregate": ("世界银行汇总", "World Bank aggregate"),
    "state_auto": ("待审核", "auto"), "state_accepted": ("已接受", "accepted"), "state_edited": ("已编辑", "edited"),
    "state_rejected": ("已拒绝", "rejected"), "state_merged": ("已合并", "merged"),
    # watchlists (web/watch_routes.py, web/watch_feed.py)
    "watchlists": ("关注列表", "Watchlists"), "save_watchlist": ("保存为关注列表", "Save as watchlist"),
    "watch_digest": ("邮件摘要", "E-mail digest"), "digest_none": ("不发送", "none"),
    "digest_daily": ("每天", "daily"), "digest_weekly": ("每周", "weekly"), "watch_feed": ("Atom 订阅", "Atom feed"),
    "delete": ("删除", "Delete"), "watch_new": ("新", "new"),
    "watch_new_since": ("自上次访问以来的新事件", "New since your last visit"),
    "watch_none": ("还没有关注列表。在“政策事件”或“搜索”页面筛选后，点击“保存为关注列表”。",
                   "No watchlists yet. Filter the events or search, then choose “Save as watchlist”."),
    "watch_filter": ("筛选条件", "Filter"), "watch_last_seen": ("上次访问", "Last visit"),
    "watch_last_sent": ("上次发送摘要", "Last digest"), "watch_matching": ("符合条件的事件", "Matching events"),
    "watch_email": ("接收摘要的电子邮箱", "E-mail address for digests"),
    "watch_no_email": ("尚未设置电子邮箱：摘要不会发送。", "No e-mail address set: digests are not sent."),
    "watch_read_only": ("此服务器为只读模式：可以查看关注列表，但不能创建、修改、删除或标记为已读。",
                        "This server is read-only: watchlists can be viewed but not created, changed, deleted "
                        "or marked as seen."),
    "watch_no_users": ("此服务器没有任何用户，无法登录，因此不能使用关注列表。管理员可用 policyscope users add 创建用户。",
                       "This server has no users, so nobody can sign in and watchlists cannot be used. An "
                       "administrator creates users with policyscope users add."),
    "watch_feed_help": ("订阅地址含有私密令牌，任何拿到它的人都能读取此订阅，请勿公开。",
                        "The feed address contains a secret token: anyone who has it can read this feed, so do "
                        "not publish it."),
    "watch_sign_in_off": ("此服务器为只读模式，登录已关闭，因此不能使用关注列表（需要登录）。",
                          "This server is read-only and sign-in is off, so watchlists (which need a signed-in "
                          "user) cannot be used here."),
    "watch_open_events": ("在事件列表中打开", "Open in the events list"),
    "watch_mail_subject": ("政策观察台 · 关注列表「{name}」：{n} 条新事件",
                           "policyscope · watchlist “{name}”: {n} new events"),
    "watch_mail_open": ("打开关注列表", "Open the watchlist"),
    "watch_mail_why": ("您收到此邮件，是因为您在政策观察台为该关注列表选择了邮件摘要。",
                       "You receive this because you chose an e-mail digest for this watchlist on policyscope."),
    "watch_search_note": ("关注列表按子串匹配关键词（与事件列表的关键词筛选相同）。",
                          "A watchlist matches the words as a substring (as the events list's query filter does)."),
}


def t(key: str, lang: str) -> str:
    pair = TEXT.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "zh" else pair[1]


def word(prefix: str, value: str | None, lang: str) -> str:
    """A stored code shown as a word (``word("action", "merge", "zh")`` → 合并): the ``prefix_value`` text when
    there is one, else the value itself (an actor's name, an action added later)."""
    pair = TEXT.get(f"{prefix}_{value}")
    if pair is None:
        return value or ""
    return pair[0] if lang == "zh" else pair[1]


def label(tax: str, code: str | None, lang: str) -> str:
    """A taxonomy code in the reader's language (the code itself if unknown)."""
    if not code:
        return ""
    try:
        return taxonomy(tax).label(code, lang)
    except KeyError:
        return code


def jname(code: str | None, lang: str) -> str:
    """A jurisdiction's name in the reader's language."""
    if not code:
        return ""
    j = registry().by_code.get(code)
    if j is None:
        return code
    return j.name_zh if lang == "zh" else j.name_en


def event_title(ev: dict, lang: str) -> str:
    if lang == "zh":
        return ev.get("title_zh") or ev.get("title") or ev.get("title_en") or ""
    return ev.get("title_en") or ev.get("title") or ev.get("title_zh") or ""
