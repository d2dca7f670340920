<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnswerPanel</name>
    <message>
        <source>Comment (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>free text</source>
        <translation>自由文本</translation>
    </message>
    <message>
        <source>Anything about this read worth keeping (optional)</source>
        <translation>关于本次判读需要记录的任何内容（可选）</translation>
    </message>
    <message>
        <source>Submit &amp;&amp; next  (Enter)</source>
        <translation>提交并进入下一例  (Enter)</translation>
    </message>
    <message>
        <source>Submit the read and go on</source>
        <translation>提交判读并继续</translation>
    </message>
</context>
<context>
    <name>CaseReviewPage</name>
    <message>
        <source>Every case of the study, by study number: choose one to review it</source>
        <translation>研究中的全部病例，按研究编号排列：选择一例进行复核</translation>
    </message>
    <message>
        <source>Case {position}</source>
        <translation>病例 {position}</translation>
    </message>
    <message>
        <source>The reader whose reads are listed below</source>
        <translation>下方所列判读所属的判读者</translation>
    </message>
    <message>
        <source>case</source>
        <translation>病例</translation>
    </message>
    <message>
        <source>phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>confidence</source>
        <translation>把握度</translation>
    </message>
    <message>
        <source>comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>The chosen reader&apos;s reads, in the order they were submitted: choose one to see the case</source>
        <translation>所选判读者的判读，按提交顺序排列：选择一条查看该病例</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>病例</translation>
    </message>
    <message>
        <source>Readers</source>
        <translation>判读者</translation>
    </message>
    <message>
        <source>Browse the study case by case, or reader by reader</source>
        <translation>按病例或按判读者浏览本研究</translation>
    </message>
    <message>
        <source>The case&apos;s full 12-lead page, as readers saw it on paper</source>
        <translation>该病例完整的 12 导联心电图页面，与判读者所见一致</translation>
    </message>
    <message>
        <source>Gold standard, each read and the network, finding by finding</source>
        <translation>逐项列出金标准、每次判读和网络的结果</translation>
    </message>
    <message>
        <source>reader</source>
        <translation>判读者</translation>
    </message>
    <message>
        <source>What each reader added to their read of this case: confidence and comment</source>
        <translation>每位判读者对本病例判读的补充：把握度和备注</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Back to the coordinator&apos;s page</source>
        <translation>返回协调员页面</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Cases and readers: gold standard, reads and network&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;病例与判读者：金标准、判读和网络&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>The readers&apos; reads could not be shown</source>
        <translation>无法显示判读者的判读</translation>
    </message>
    <message>
        <source>{name} ({group}): {read} of {total} cases read</source>
        <translation>{name}（{group}）：已判读 {read} / {total} 例</translation>
    </message>
    <message>
        <source> · deactivated</source>
        <translation> · 已停用</translation>
    </message>
    <message>
        <source>The case could not be shown</source>
        <translation>无法显示该病例</translation>
    </message>
    <message>
        <source>Case {position} · source {source} · gold from {gold}</source>
        <translation>病例 {position} · 来源 {source} · 金标准来自 {gold}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>gold</source>
        <translation>金标准</translation>
    </message>
    <message>
        <source>network {name}</source>
        <translation>网络 {name}</translation>
    </message>
    <message>
        <source>no gold</source>
        <translation>无金标准</translation>
    </message>
    <message>
        <source>present</source>
        <translation>存在</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>不存在</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>cannot be assessed: {reason}</source>
        <translation>无法评估：{reason}</translation>
    </message>
    <message>
        <source>none of the listed</source>
        <translation>以上均无</translation>
    </message>
    <message>
        <source>Findings: {findings}</source>
        <translation>所见：{findings}</translation>
    </message>
</context>
<context>
    <name>ConfidenceScale</name>
    <message>
        <source>very unsure</source>
        <translation>很不确定</translation>
    </message>
    <message>
        <source>unsure</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>fairly sure</source>
        <translation>比较确定</translation>
    </message>
    <message>
        <source>sure</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>certain</source>
        <translation>非常确定</translation>
    </message>
</context>
<context>
    <name>CoordinatorPage</name>
    <message>
        <source>Reader</source>
        <translation>判读者</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>Cases still to read with the network</source>
        <translation>尚待参考网络判读的病例</translation>
    </message>
    <message>
        <source>Case numbers (as in the case review)</source>
        <translation>病例编号（与病例复核中一致）</translation>
    </message>
    <message>
        <source>Cases each reader has read without the network&apos;s opinion but not yet with it</source>
        <translation>每位判读者已在无网络意见下判读、但尚未参考网络意见判读的病例</translation>
    </message>
    <message>
        <source>Readers</source>
        <translation>判读者</translation>
    </message>
    <message>
        <source>Aided reads still to do</source>
        <translation>尚待完成的辅助判读</translation>
    </message>
    <message>
        <source>Study settings</source>
        <translation>研究设置</translation>
    </message>
    <message>
        <source>Comparison dashboard</source>
        <translation>比较仪表板</translation>
    </message>
    <message>
        <source>Metrics of readers, groups and the network; run the network; export the report</source>
        <translation>判读者、各组和网络的指标；运行网络；导出报告</translation>
    </message>
    <message>
        <source>Review cases (gold, reads, network)</source>
        <translation>复核病例（金标准、判读、网络）</translation>
    </message>
    <message>
        <source>Each case with its gold standard, every reader&apos;s read and the network&apos;s output</source>
        <translation>每个病例的金标准、每位判读者的判读和网络输出</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the study file again (other readers may be reading now)</source>
        <translation>重新读取研究文件（其他判读者可能正在判读）</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Back to the sign-in page</source>
        <translation>返回登录页面</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Coordinator&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;协调员&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>cases: {cases} · readers: {readers} · reads: {reads} · model runs: {runs}</source>
        <translation>病例：{cases} · 判读者：{readers} · 判读：{reads} · 模型运行：{runs}</translation>
    </message>
    <message>
        <source>network&apos;s opinion: {mode}</source>
        <translation>网络意见：{mode}</translation>
    </message>
    <message>
        <source>This study holds no ECG signals (it was built from tables or images), so the network cannot give its opinion here and no aided reads are owed.</source>
        <translation>本研究不含心电信号（由表格或图像建立），因此网络无法在此给出意见，也不欠任何辅助判读。</translation>
    </message>
    <message>
        <source>Readers who still owe reads with the network&apos;s opinion: {n}.</source>
        <translation>仍有参考网络意见的判读未完成的判读者：{n} 位。</translation>
    </message>
    <message>
        <source>Run the network first: this study shows readers the network&apos;s second opinion, and it has not been run yet (Comparison dashboard → Run the network). Until then readers are told that no second opinion is available.</source>
        <translation>请先运行网络：本研究会向判读者展示网络的第二意见，但网络尚未运行（比较仪表板 → 运行网络）。在此之前，判读者会被告知暂无第二意见。</translation>
    </message>
    <message>
        <source>Readers never see the network&apos;s opinion in this study, so there are no aided reads.</source>
        <translation>本研究中判读者从不查看网络意见，因此没有辅助判读。</translation>
    </message>
    <message>
        <source>No aided reads are outstanding.</source>
        <translation>没有未完成的辅助判读。</translation>
    </message>
</context>
<context>
    <name>CreateStudyDialog</name>
    <message>
        <source>Create study</source>
        <translation>创建研究</translation>
    </message>
    <message>
        <source>Where the new study file (*.ecgstudy) is written</source>
        <translation>新研究文件（*.ecgstudy）的保存位置</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose where to save the study file</source>
        <translation>选择研究文件的保存位置</translation>
    </message>
    <message>
        <source>empty: the file&apos;s name</source>
        <translation>留空：使用文件名</translation>
    </message>
    <message>
        <source>The study&apos;s name, shown to readers and in the report</source>
        <translation>研究名称，显示给判读者并写入报告</translation>
    </message>
    <message>
        <source>Record files and folders to import, in any supported format</source>
        <translation>要导入的记录文件和文件夹（任何支持的格式）</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add a folder of records (searched with its sub-folders)</source>
        <translation>添加一个记录文件夹（包括其子文件夹）</translation>
    </message>
    <message>
        <source>Where the gold-standard labels come from: LUDB, PTB-XL, diagnosis codes in the headers, or a CSV</source>
        <translation>金标准标签的来源：LUDB、PTB-XL、头文件中的诊断代码或 CSV 文件</translation>
    </message>
    <message>
        <source>labels file (needed for csv; found beside LUDB/PTB-XL)</source>
        <translation>标签文件（CSV 来源必需；LUDB/PTB-XL 会自动查找）</translation>
    </message>
    <message>
        <source>ludb.csv, ptbxl_database.csv, or a CSV: record_id, one 0/1 column per label</source>
        <translation>ludb.csv、ptbxl_database.csv，或 CSV：record_id，每个标签一列 0/1</translation>
    </message>
    <message>
        <source>empty: the ten default labels; or a key,finding CSV</source>
        <translation>留空：使用十个默认标签；或 key,finding 格式的 CSV</translation>
    </message>
    <message>
        <source>The findings readers are asked about</source>
        <translation>要求判读者判断的所见</translation>
    </message>
    <message>
        <source>Comma-separated reader groups, compared with one another in the report</source>
        <translation>以逗号分隔的判读者组别，在报告中相互比较</translation>
    </message>
    <message>
        <source>Fixes the case numbering and each reader&apos;s order, so both can be reproduced</source>
        <translation>固定病例编号和每位判读者的顺序，以便复现</translation>
    </message>
    <message>
        <source>Needed to sign in as coordinator; empty: no coordinator sign-in</source>
        <translation>以协调员身份登录所需；留空：不允许协调员登录</translation>
    </message>
    <message>
        <source>How readers answer each finding</source>
        <translation>判读者如何回答每项所见</translation>
    </message>
    <message>
        <source>A finding counts as present when its rating is at least this</source>
        <translation>评分不低于此值时视为该所见存在</translation>
    </message>
    <message>
        <source>Plan…</source>
        <translation>规划…</translation>
    </message>
    <message>
        <source>How many readers and cases the study needs (Obuchowski–Rockette power)</source>
        <translation>研究所需的判读者和病例数（Obuchowski–Rockette 检验效能）</translation>
    </message>
    <message>
        <source>present from</source>
        <translation>视为存在的最低评分</translation>
    </message>
    <message>
        <source>Skip unusable records (they are listed)</source>
        <translation>跳过无法使用的记录（会列出）</translation>
    </message>
    <message>
        <source>Otherwise one unusable record stops the creation and nothing is written</source>
        <translation>否则一条无法使用的记录就会终止创建，且不写入任何内容</translation>
    </message>
    <message>
        <source>What was imported, or why nothing was written</source>
        <translation>导入了什么，或为何没有写入任何内容</translation>
    </message>
    <message>
        <source>Study file</source>
        <translation>研究文件</translation>
    </message>
    <message>
        <source>Study name</source>
        <translation>研究名称</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Gold standard from</source>
        <translation>金标准来源</translation>
    </message>
    <message>
        <source>Labels file</source>
        <translation>标签文件</translation>
    </message>
    <message>
        <source>Label vocabulary</source>
        <translation>标签词表</translation>
    </message>
    <message>
        <source>Reader groups</source>
        <translation>判读者组别</translation>
    </message>
    <message>
        <source>Randomisation seed</source>
        <translation>随机化种子</translation>
    </message>
    <message>
        <source>Coordinator password</source>
        <translation>协调员密码</translation>
    </message>
    <message>
        <source>Network&apos;s opinion shown</source>
        <translation>网络意见的显示</translation>
    </message>
    <message>
        <source>Answers per finding</source>
        <translation>每项所见的回答方式</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Read the records and write the study file</source>
        <translation>读取记录并写入研究文件</translation>
    </message>
    <message>
        <source>Import summary and messages</source>
        <translation>导入摘要和消息</translation>
    </message>
    <message>
        <source>choose where to save the study file</source>
        <translation>请选择研究文件的保存位置</translation>
    </message>
    <message>
        <source>{file}: already exists</source>
        <translation>{file}：已存在</translation>
    </message>
    <message>
        <source>Open the study</source>
        <translation>打开研究</translation>
    </message>
    <message>
        <source>Open the new study and sign in</source>
        <translation>打开新研究并登录</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Imported {cases} cases into {file}.</source>
        <translation>已将 {cases} 例病例导入 {file}。</translation>
    </message>
    <message>
        <source>Gold standard found for {gold} of {cases} cases ({findings} findings present).</source>
        <translation>{cases} 例病例中有 {gold} 例找到金标准（共 {findings} 项阳性所见）。</translation>
    </message>
    <message>
        <source>No gold standard: the report can compare readers, not score them.</source>
        <translation>无金标准：报告只能比较判读者之间的差异，无法评分。</translation>
    </message>
    <message>
        <source>{n} cases are not amplitude-calibrated: their paper is not at 10 mm/mV and no voltage criterion can be judged on them.</source>
        <translation>{n} 例病例未经振幅定标：其走纸增益并非 10 mm/mV，无法据此判断任何电压标准。</translation>
    </message>
    <message>
        <source>Every case is amplitude-calibrated (10 mm/mV).</source>
        <translation>所有病例均已振幅定标（10 mm/mV）。</translation>
    </message>
    <message>
        <source>Skipped {n} unusable records:</source>
        <translation>已跳过 {n} 条无法使用的记录：</translation>
    </message>
    <message>
        <source>No record was skipped.</source>
        <translation>没有跳过任何记录。</translation>
    </message>
    <message>
        <source>Warnings about records imported:</source>
        <translation>关于已导入记录的警告：</translation>
    </message>
    <message>
        <source>creation cancelled; nothing written</source>
        <translation>创建已取消；未写入任何内容</translation>
    </message>
    <message>
        <source>ECG studies (*.ecgstudy)</source>
        <translation>心电图研究 (*.ecgstudy)</translation>
    </message>
    <message>
        <source>Folder of records</source>
        <translation>记录文件夹</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>The finding whose metrics the tables show, or their macro average</source>
        <translation>表格显示其指标的所见，或其宏平均</translation>
    </message>
    <message>
        <source>rater</source>
        <translation>评定者</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>n cases</source>
        <translation>病例数</translation>
    </message>
    <message>
        <source>cannot be assessed</source>
        <translation>无法评估</translation>
    </message>
    <message>
        <source>sensitivity</source>
        <translation>灵敏度</translation>
    </message>
    <message>
        <source>specificity</source>
        <translation>特异度</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>contrast</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>group</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>covariance</source>
        <translation>协方差</translation>
    </message>
    <message>
        <source>estimate (95 % CI)</source>
        <translation>估计值 (95 % CI)</translation>
    </message>
    <message>
        <source>p (Holm)</source>
        <translation>p (Holm)</translation>
    </message>
    <message>
        <source>Obuchowski–Rockette analyses with Hillis df: readers and cases random (RRRC) or one fixed; p (Holm) is adjusted across the labels of each contrast</source>
        <translation>Obuchowski–Rockette 分析（Hillis 自由度）：判读者和病例均为随机 (RRRC)，或其一固定；p (Holm) 在每种对比的各标签间校正</translation>
    </message>
    <message>
        <source>Each rater&apos;s counts and metrics with 95 % intervals for the chosen finding; n cases: cases a reader or the network rated, reads for a group&apos;s pooled row, cases any member read for a group mean</source>
        <translation>所选所见下每位评定者的计数和指标及其 95 % 区间；病例数：判读者或网络评定的病例数，组合并行为判读次数，组均值行为任一成员判读过的病例数</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Run the network on all cases…</source>
        <translation>在所有病例上运行网络…</translation>
    </message>
    <message>
        <source>Run the network on every case and store its output as the current run</source>
        <translation>在每个病例上运行网络，并将输出保存为当前运行结果</translation>
    </message>
    <message>
        <source>Store a new run even if this model was run</source>
        <translation>即使该模型已运行过，也保存一次新的运行</translation>
    </message>
    <message>
        <source>Otherwise running the model whose run is already the study&apos;s current one reuses that run</source>
        <translation>否则，若该模型的运行已是本研究的当前运行，则直接沿用该运行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the network&apos;s run; nothing is stored</source>
        <translation>停止网络运行；不保存任何内容</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>导出报告…</translation>
    </message>
    <message>
        <source>Write the study report as HTML or PDF</source>
        <translation>将研究报告写为 HTML 或 PDF</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Back to the coordinator&apos;s page</source>
        <translation>返回协调员页面</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Comparison: readers, groups and the network&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;比较：判读者、各组与网络&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Computing metrics with {n} bootstrap resamples…</source>
        <translation>正在用 {n} 次自助重抽样计算指标…</translation>
    </message>
    <message>
        <source>no network run yet</source>
        <translation>网络尚未运行</translation>
    </message>
    <message>
        <source>{cases} cases with a gold standard · {readers} readers · network: {model}</source>
        <translation>{cases} 例有金标准的病例 · {readers} 位判读者 · 网络：{model}</translation>
    </message>
    <message>
        <source>No comparison yet: {error}</source>
        <translation>暂无比较结果：{error}</translation>
    </message>
    <message>
        <source>readers&apos; range {low}–{high}</source>
        <translation>判读者范围 {low}–{high}</translation>
    </message>
    <message>
        <source>95 % CI undefined: every bootstrap resample of the cases gives the same value (or none)</source>
        <translation>95 % CI 未定义：病例的每个 bootstrap 重抽样给出相同的值（或没有值）</translation>
    </message>
    <message>
        <source>The network measures differently from its training</source>
        <translation>网络的测量方式与其训练时不同</translation>
    </message>
    <message>
        <source>Run {run} of this model is already the study&apos;s current run: reused, nothing stored.</source>
        <translation>该模型的第 {run} 次运行已是本研究的当前运行：直接沿用，未保存新内容。</translation>
    </message>
    <message>
        <source>The network could not be run</source>
        <translation>无法运行网络</translation>
    </message>
    <message>
        <source>model run cancelled; nothing stored</source>
        <translation>模型运行已取消；未保存任何内容</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>HTML (*.html);;PDF (*.pdf)</source>
        <translation>HTML (*.html);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>{name}: a report is saved as an HTML (.html) or PDF (.pdf) file; end its name in one of these</source>
        <translation>{name}：报告保存为 HTML（.html）或 PDF（.pdf）文件；文件名须以其中之一结尾</translation>
    </message>
    <message>
        <source>Replace the report?</source>
        <translation>替换报告？</translation>
    </message>
    <message>
        <source>{path} already exists. Replace it?</source>
        <translation>{path} 已存在。是否替换？</translation>
    </message>
    <message>
        <source>Writing {path}…</source>
        <translation>正在写入 {path}…</translation>
    </message>
    <message>
        <source>Wrote {path}</source>
        <translation>已写入 {path}</translation>
    </message>
    <message>
        <source>The report could not be written</source>
        <translation>无法写入报告</translation>
    </message>
</context>
<context>
    <name>DisplayNames</name>
    <message>
        <source>off (readers never see the network)</source>
        <translation>关闭（判读者从不查看网络意见）</translation>
    </message>
    <message>
        <source>after each case</source>
        <translation>每例判读之后</translation>
    </message>
    <message>
        <source>after the whole study</source>
        <translation>全部研究完成之后</translation>
    </message>
    <message>
        <source>none (no gold standard)</source>
        <translation>无（没有金标准）</translation>
    </message>
    <message>
        <source>LUDB annotations</source>
        <translation>LUDB 标注</translation>
    </message>
    <message>
        <source>PTB-XL statements</source>
        <translation>PTB-XL 诊断语句</translation>
    </message>
    <message>
        <source>diagnosis codes in the headers</source>
        <translation>头文件中的诊断代码</translation>
    </message>
    <message>
        <source>CSV file of labels</source>
        <translation>CSV 标签文件</translation>
    </message>
    <message>
        <source>present / absent</source>
        <translation>存在 / 不存在</translation>
    </message>
    <message>
        <source>1–5 per finding</source>
        <translation>每项所见 1–5 分</translation>
    </message>
    <message>
        <source>0–100 per finding</source>
        <translation>每项所见 0–100 分</translation>
    </message>
    <message>
        <source>without the network</source>
        <translation>无网络意见</translation>
    </message>
    <message>
        <source>with the network&apos;s opinion</source>
        <translation>参考网络意见</translation>
    </message>
    <message>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>group (pooled)</source>
        <translation>组（合并）</translation>
    </message>
    <message>
        <source>group mean</source>
        <translation>组均值</translation>
    </message>
    <message>
        <source>reader</source>
        <translation>判读者</translation>
    </message>
    <message>
        <source>network vs readers</source>
        <translation>网络 vs 判读者</translation>
    </message>
    <message>
        <source>with vs without the network</source>
        <translation>有 vs 无网络意见</translation>
    </message>
    <message>
        <source>group vs group</source>
        <translation>组 vs 组</translation>
    </message>
    <message>
        <source>one group alone</source>
        <translation>单组</translation>
    </message>
    <message>
        <source>readers and cases random (RRRC)</source>
        <translation>判读者和病例均随机 (RRRC)</translation>
    </message>
    <message>
        <source>these readers, cases random (FRRC)</source>
        <translation>固定判读者，病例随机 (FRRC)</translation>
    </message>
    <message>
        <source>readers random, these cases (RRFC)</source>
        <translation>判读者随机，固定病例 (RRFC)</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>{hz} Hz</source>
        <translation>{hz} Hz</translation>
    </message>
</context>
<context>
    <name>EcgView</name>
    <message>
        <source>Δt {interval} ms   Δ {amplitude} mV</source>
        <translation>Δt {interval} ms   Δ {amplitude} mV</translation>
    </message>
    <message>
        <source>   {rate} bpm</source>
        <translation>   {rate} bpm</translation>
    </message>
</context>
<context>
    <name>Finding</name>
    <message>
        <source>complete right bundle branch block</source>
        <translation>完全性右束支传导阻滞</translation>
    </message>
    <message>
        <source>incomplete right bundle branch block</source>
        <translation>不完全性右束支传导阻滞</translation>
    </message>
    <message>
        <source>complete left bundle branch block</source>
        <translation>完全性左束支传导阻滞</translation>
    </message>
    <message>
        <source>left anterior fascicular block</source>
        <translation>左前分支阻滞</translation>
    </message>
    <message>
        <source>first-degree AV block</source>
        <translation>一度房室传导阻滞</translation>
    </message>
    <message>
        <source>left ventricular hypertrophy</source>
        <translation>左心室肥厚</translation>
    </message>
    <message>
        <source>left atrial enlargement/abnormality</source>
        <translation>左心房扩大/异常</translation>
    </message>
    <message>
        <source>ST elevation / acute injury</source>
        <translation>ST段抬高 / 急性损伤</translation>
    </message>
    <message>
        <source>ischaemic ST depression / T inversion</source>
        <translation>缺血性ST段压低 / T波倒置</translation>
    </message>
    <message>
        <source>pathological Q waves / infarct scar</source>
        <translation>病理性Q波 / 陈旧性梗死</translation>
    </message>
    <message>
        <source>none of the listed</source>
        <translation>以上均无</translation>
    </message>
</context>
<context>
    <name>FindingCriteria</name>
    <message>
        <source>{finding}: no criteria given</source>
        <translation>{finding}：未给出诊断标准</translation>
    </message>
    <message>
        <source>{finding}: {criteria}</source>
        <translation>{finding}：{criteria}</translation>
    </message>
    <message>
        <source>Criteria of each finding…</source>
        <translation>各项所见的诊断标准…</translation>
    </message>
    <message>
        <source>Show the study protocol and the findings&apos; criteria</source>
        <translation>显示研究方案和各项所见的诊断标准</translation>
    </message>
</context>
<context>
    <name>LabelPanel</name>
    <message>
        <source>Findings</source>
        <translation>所见</translation>
    </message>
    <message>
        <source>Tick or untick {finding}</source>
        <translation>勾选或取消勾选 {finding}</translation>
    </message>
    <message>
        <source>None of the findings above is present (N; asks first if some are ticked)</source>
        <translation>以上所见均不存在（N；若已勾选某些项会先询问）</translation>
    </message>
    <message>
        <source>None of the listed</source>
        <translation>以上均无</translation>
    </message>
    <message>
        <source>Confidence (optional)</source>
        <translation>把握度（可选）</translation>
    </message>
    <message>
        <source>How sure you are of this read; click a ticked value again to clear it</source>
        <translation>您对本次判读的把握程度；再次点击已选值可清除</translation>
    </message>
    <message>
        <source>{value}: {anchor}</source>
        <translation>{value}：{anchor}</translation>
    </message>
    <message>
        <source>Tick at least one finding, or &apos;none of the listed&apos;</source>
        <translation>请至少勾选一项所见，或选择“以上均无”</translation>
    </message>
    <message>
        <source>Clear the ticked findings?</source>
        <translation>清除已勾选的所见？</translation>
    </message>
    <message>
        <source>&apos;None of the listed&apos; clears the findings you ticked ({ticked}). Clear them?</source>
        <translation>“以上均无”会清除您已勾选的所见（{ticked}）。是否清除？</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ECG Reader</source>
        <translation>ECG Reader</translation>
    </message>
    <message>
        <source>&amp;Open study…</source>
        <translation>打开研究(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a study file</source>
        <translation>打开研究文件</translation>
    </message>
    <message>
        <source>&amp;Create study…</source>
        <translation>创建研究(&amp;C)…</translation>
    </message>
    <message>
        <source>Create a study from records</source>
        <translation>从记录创建研究</translation>
    </message>
    <message>
        <source>Open the &amp;demo study</source>
        <translation>打开演示研究(&amp;D)</translation>
    </message>
    <message>
        <source>Build and open the LUDB demo</source>
        <translation>构建并打开 LUDB 演示研究</translation>
    </message>
    <message>
        <source>&amp;Close study</source>
        <translation>关闭研究(&amp;C)</translation>
    </message>
    <message>
        <source>Close the study</source>
        <translation>关闭研究</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit ECG Reader</source>
        <translation>退出 ECG Reader</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Hide the ECG and stop the reading clock until you resume</source>
        <translation>隐藏心电图并停止判读计时，直到您继续</translation>
    </message>
    <message>
        <source>&amp;Sign out</source>
        <translation>退出登录(&amp;S)</translation>
    </message>
    <message>
        <source>Stop reading and go back to sign-in; your submitted reads are saved</source>
        <translation>停止判读并返回登录；已提交的判读已保存</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>List every shortcut</source>
        <translation>列出所有快捷键</translation>
    </message>
    <message>
        <source>&amp;About ECG Reader</source>
        <translation>关于 ECG Reader(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Reading</source>
        <translation>判读(&amp;R)</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>判读</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&lt;h1&gt;Paused&lt;/h1&gt;&lt;p&gt;The ECG is hidden and the reading clock is stopped.&lt;/p&gt;</source>
        <translation>&lt;h1&gt;已暂停&lt;/h1&gt;&lt;p&gt;心电图已隐藏，判读计时已停止。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Show the ECG again and restart the reading clock</source>
        <translation>重新显示心电图并恢复判读计时</translation>
    </message>
    <message>
        <source>Open study</source>
        <translation>打开研究</translation>
    </message>
    <message>
        <source>ECG studies (*.ecgstudy)</source>
        <translation>心电图研究 (*.ecgstudy)</translation>
    </message>
    <message>
        <source>The study could not be opened</source>
        <translation>无法打开研究</translation>
    </message>
    <message>
        <source>Building the demo study from LUDB…</source>
        <translation>正在从 LUDB 构建演示研究…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The demo study is ready: open it with File → Open study… ({path})</source>
        <translation>演示研究已就绪：通过 文件 → 打开研究… 打开（{path}）</translation>
    </message>
    <message>
        <source>Demo study</source>
        <translation>演示研究</translation>
    </message>
    <message>
        <source>ECG Reader — sign in</source>
        <translation>ECG Reader — 登录</translation>
    </message>
    <message>
        <source>The reading session could not start</source>
        <translation>无法开始判读</translation>
    </message>
    <message>
        <source>ECG Reader — {study}</source>
        <translation>ECG Reader — {study}</translation>
    </message>
    <message>
        <source>ECG Reader — coordinator</source>
        <translation>ECG Reader — 协调员</translation>
    </message>
    <message>
        <source>&lt;h2&gt;All {count} cases are read. Thank you.&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;全部 {count} 例病例已判读完毕。谢谢！&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Go back to sign-in</source>
        <translation>返回登录</translation>
    </message>
    <message>
        <source>Leave this case?</source>
        <translation>离开此病例？</translation>
    </message>
    <message>
        <source>The case on screen is not submitted: what you have marked on it will be lost. Your submitted reads are saved in the study. Leave it?</source>
        <translation>当前病例尚未提交：您在其上的标记将会丢失。已提交的判读已保存在研究中。是否离开？</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ECG Reader {version}&lt;/h3&gt;&lt;p&gt;Blinded reader studies comparing doctors and a deep network on 12-lead ECGs.&lt;/p&gt;&lt;p&gt;Data sets used by the demo study and the shipped model: LUDB (Kalyakulina et al., IEEE Access 2020; ODC-By 1.0), PhysioNet/CinC Challenge 2021 (CC BY 4.0), Chapman-Shaoxing (Zheng et al., Sci Data 2020; CC BY 4.0), PTB-XL (Wagner et al., Sci Data 2020; CC BY 4.0), via PhysioNet.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ECG Reader {version}&lt;/h3&gt;&lt;p&gt;在 12 导联心电图上比较医生与深度网络的盲法判读研究。&lt;/p&gt;&lt;p&gt;演示研究和随附模型使用的数据集：LUDB（Kalyakulina 等，IEEE Access 2020；ODC-By 1.0）、PhysioNet/CinC Challenge 2021（CC BY 4.0）、Chapman-Shaoxing（Zheng 等，Sci Data 2020；CC BY 4.0）、PTB-XL（Wagner 等，Sci Data 2020；CC BY 4.0），均经由 PhysioNet 获取。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About ECG Reader</source>
        <translation>关于 ECG Reader</translation>
    </message>
</context>
<context>
    <name>MeasuredPaper</name>
    <message>
        <source>a scanned ECG has no signal to measure</source>
        <translation>扫描的心电图没有可测量的信号</translation>
    </message>
</context>
<context>
    <name>MeasurementLine</name>
    <message>
        <source>⚠ no beat found</source>
        <translation>⚠ 未找到心搏</translation>
    </message>
    <message>
        <source>No complete beat was found in this ECG, so nothing could be measured.</source>
        <translation>此心电图中未找到完整心搏，因此无法测量。</translation>
    </message>
    <message>
        <source>⚠ measurements unreliable</source>
        <translation>⚠ 测量不可靠</translation>
    </message>
    <message>
        <source>Successive beats do not agree (noise or artefact?): these measurements are unreliable.</source>
        <translation>相邻心搏不一致（噪声或伪差？）：这些测量不可靠。</translation>
    </message>
    <message>
        <source>⚠ no axes</source>
        <translation>⚠ 无电轴</translation>
    </message>
    <message>
        <source>Lead I or aVF is flat, so no P, QRS or T axis could be measured.</source>
        <translation>I 导联或 aVF 导联为直线，因此无法测量 P、QRS 或 T 电轴。</translation>
    </message>
    <message>
        <source>⚠ measurements doubtful</source>
        <translation>⚠ 测量存疑</translation>
    </message>
    <message>
        <source>The measuring program found these measurements doubtful.</source>
        <translation>测量程序认为这些测量值存疑。</translation>
    </message>
    <message>
        <source>HR {rate} bpm</source>
        <translation>心率 {rate} bpm</translation>
    </message>
    <message>
        <source>PR {pr} ms</source>
        <translation>PR {pr} ms</translation>
    </message>
    <message>
        <source>QRS {qrs} ms</source>
        <translation>QRS {qrs} ms</translation>
    </message>
    <message>
        <source>QT/QTc {qt}/{qtc} ms</source>
        <translation>QT/QTc {qt}/{qtc} ms</translation>
    </message>
    <message>
        <source>P/QRS/T axes {p}/{qrs}/{t}°</source>
        <translation>P/QRS/T 电轴 {p}/{qrs}/{t}°</translation>
    </message>
    <message>
        <source>The electrocardiograph&apos;s automatic measurements of this ECG (QTc by Bazett; axes in the frontal plane). A machine&apos;s measurements: check them on the paper.</source>
        <translation>心电图机对本心电图的自动测量（QTc 按 Bazett 公式；电轴为额面电轴）。这是机器测量值：请在图纸上核对。</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>正在测量…</translation>
    </message>
    <message>
        <source>No measurements: {reason}</source>
        <translation>无测量值：{reason}</translation>
    </message>
</context>
<context>
    <name>MedianBeatView</name>
    <message>
        <source>Median beat of each lead at 25 mm/s and 10 mm/mV; blue lines mark where the measurements put P onset and offset, QRS onset and offset and the end of T.</source>
        <translation>各导联的中位心搏，走纸速度 25 mm/s、增益 10 mm/mV；蓝线标示测量所定的 P 波起止点、QRS 波起止点和 T 波终点。</translation>
    </message>
    <message>
        <source>Median beats</source>
        <translation>中位心搏</translation>
    </message>
    <message>
        <source>Median beats · 25 mm/s · 10 mm/mV</source>
        <translation>中位心搏 · 25 mm/s · 10 mm/mV</translation>
    </message>
    <message>
        <source>Median beats · 25 mm/s · amplitude not calibrated</source>
        <translation>中位心搏 · 25 mm/s · 振幅未定标</translation>
    </message>
</context>
<context>
    <name>Paper</name>
    <message>
        <source>amplitude in z-scores, not mV</source>
        <translation>振幅为 z 分数，非 mV</translation>
    </message>
    <message>
        <source>amplitude not calibrated</source>
        <translation>振幅未定标</translation>
    </message>
    <message>
        <source>{gain} mm/mV</source>
        <translation>{gain} mm/mV</translation>
    </message>
    <message>
        <source>{speed} mm/s</source>
        <translation>{speed} mm/s</translation>
    </message>
    <message>
        <source>sampled at {fs} Hz</source>
        <translation>采样率 {fs} Hz</translation>
    </message>
    <message>
        <source>(unfiltered)</source>
        <translation>（未滤波）</translation>
    </message>
    <message>
        <source>{mains} Hz notch</source>
        <translation>工频陷波 {mains} Hz</translation>
    </message>
    <message>
        <source>{muscle} Hz low-pass</source>
        <translation>{muscle} Hz 低通</translation>
    </message>
    <message>
        <source>or</source>
        <translation>或</translation>
    </message>
    <message>
        <source>(no {filters} at {fs} Hz sampling)</source>
        <translation>（采样率 {fs} Hz 时无 {filters}）</translation>
    </message>
</context>
<context>
    <name>PaperControls</name>
    <message>
        <source>How the twelve leads are arranged on the paper</source>
        <translation>十二导联在图纸上的排列方式</translation>
    </message>
    <message>
        <source>{gain} mm/mV</source>
        <translation>{gain} mm/mV</translation>
    </message>
    <message>
        <source>Gain: millimetres of paper per millivolt (standard 10 mm/mV)</source>
        <translation>增益：每毫伏对应的图纸毫米数（标准 10 mm/mV）</translation>
    </message>
    <message>
        <source>{speed} mm/s</source>
        <translation>{speed} mm/s</translation>
    </message>
    <message>
        <source>Paper speed: 50 mm/s spreads each second over twice the paper (scroll sideways)</source>
        <translation>走纸速度：50 mm/s 时每秒占用两倍的图纸（可横向滚动）</translation>
    </message>
    <message>
        <source>Fit page</source>
        <translation>适合页面</translation>
    </message>
    <message>
        <source>Show the whole page (undo zoom); the wheel or a pinch zooms</source>
        <translation>显示整页（取消缩放）；滚轮或双指捏合可缩放</translation>
    </message>
    <message>
        <source>True size</source>
        <translation>实际大小</translation>
    </message>
    <message>
        <source>Show the paper at its real size: 1 mm of paper is 1 mm on this monitor</source>
        <translation>按实际大小显示图纸：图纸上 1 mm 即显示器上 1 mm</translation>
    </message>
    <message>
        <source>Calibrate…</source>
        <translation>校准…</translation>
    </message>
    <message>
        <source>Measure a bar on the screen with a ruler when true size is not the size on paper</source>
        <translation>当实际大小与图纸尺寸不符时，用直尺测量屏幕上的标尺条</translation>
    </message>
    <message>
        <source>Calipers</source>
        <translation>测量尺</translation>
    </message>
    <message>
        <source>Drag on the ECG to measure time, voltage and rate (C)</source>
        <translation>在心电图上拖动以测量时间、电压和心率 (C)</translation>
    </message>
    <message>
        <source>What the calipers measure; no rate under 200 ms</source>
        <translation>测量尺的测量结果；小于 200 ms 不计算心率</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>布局</translation>
    </message>
    <message>
        <source>Gain</source>
        <translation>增益</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>走纸速度</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>Plan a reader study (Obuchowski–Rockette)</source>
        <translation>规划判读研究（Obuchowski–Rockette）</translation>
    </message>
    <message>
        <source>a pilot study with reads without and with the network (optional)</source>
        <translation>包含无网络和有网络判读的预试验研究（可选）</translation>
    </message>
    <message>
        <source>A finished pilot study whose variance components start the plan</source>
        <translation>已完成的预试验研究，其方差分量作为规划的起点</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose the pilot study file</source>
        <translation>选择预试验研究文件</translation>
    </message>
    <message>
        <source>label (empty: the first)</source>
        <translation>标签（留空：第一个）</translation>
    </message>
    <message>
        <source>The finding of the pilot whose AUCs are analysed</source>
        <translation>预试验中用于分析 AUC 的所见</translation>
    </message>
    <message>
        <source>Load pilot</source>
        <translation>载入预试验</translation>
    </message>
    <message>
        <source>Estimate the variance components from the pilot&apos;s reads</source>
        <translation>根据预试验的判读估计方差分量</translation>
    </message>
    <message>
        <source>Pilot</source>
        <translation>预试验</translation>
    </message>
    <message>
        <source>reader × modality variance (var_tr)</source>
        <translation>判读者 × 模式方差 (var_tr)</translation>
    </message>
    <message>
        <source>error variance (var)</source>
        <translation>误差方差 (var)</translation>
    </message>
    <message>
        <source>same reader, other modality (cov1)</source>
        <translation>同一判读者，不同模式 (cov1)</translation>
    </message>
    <message>
        <source>other reader, same modality (cov2)</source>
        <translation>不同判读者，同一模式 (cov2)</translation>
    </message>
    <message>
        <source>other reader, other modality (cov3)</source>
        <translation>不同判读者，不同模式 (cov3)</translation>
    </message>
    <message>
        <source>Obuchowski–Rockette variance component of the AUC (the Van Dyke pilot&apos;s to start)</source>
        <translation>AUC 的 Obuchowski–Rockette 方差分量（初始值取自 Van Dyke 预试验）</translation>
    </message>
    <message>
        <source>How many cases the variance components were estimated on</source>
        <translation>估计方差分量所用的病例数</translation>
    </message>
    <message>
        <source>pilot cases (K*)</source>
        <translation>预试验病例数 (K*)</translation>
    </message>
    <message>
        <source>The AUC difference between reading with and without the network to detect</source>
        <translation>要检测的有网络与无网络判读之间的 AUC 差异</translation>
    </message>
    <message>
        <source>The chance of detecting that difference (at a 5 % significance level)</source>
        <translation>检测出该差异的概率（显著性水平 5 %）</translation>
    </message>
    <message>
        <source>Which of readers and cases the result should generalise to</source>
        <translation>结果应推广到判读者和病例中的哪一方</translation>
    </message>
    <message>
        <source>difference to detect</source>
        <translation>要检测的差异</translation>
    </message>
    <message>
        <source>target power</source>
        <translation>目标检验效能</translation>
    </message>
    <message>
        <source>generalise to</source>
        <translation>推广到</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>The fewest cases reaching the target power for 3 to 20 readers</source>
        <translation>3 至 20 位判读者时达到目标检验效能所需的最少病例数</translation>
    </message>
    <message>
        <source>readers</source>
        <translation>判读者</translation>
    </message>
    <message>
        <source>cases</source>
        <translation>病例</translation>
    </message>
    <message>
        <source>power</source>
        <translation>检验效能</translation>
    </message>
    <message>
        <source>For each number of readers, the fewest cases reaching the target power</source>
        <translation>每种判读者人数下达到目标检验效能所需的最少病例数</translation>
    </message>
    <message>
        <source>fewest cases for power ≥ {power} to detect {effect}</source>
        <translation>检测 {effect} 的差异、检验效能 ≥ {power} 所需的最少病例数</translation>
    </message>
    <message>
        <source>no design with 3–20 readers reaches the target: a larger difference or more readers are needed</source>
        <translation>3–20 位判读者的任何设计都达不到目标：需要更大的差异或更多判读者</translation>
    </message>
    <message>
        <source>choose a pilot study file first</source>
        <translation>请先选择预试验研究文件</translation>
    </message>
    <message>
        <source>pilot: {readers} readers, {cases} cases, observed with − without the network {effect}; {plan}</source>
        <translation>预试验：{readers} 位判读者，{cases} 例病例，观察到的有网络 − 无网络差异 {effect}；{plan}</translation>
    </message>
    <message>
        <source>Pilot study</source>
        <translation>预试验研究</translation>
    </message>
    <message>
        <source>ECG studies (*.ecgstudy)</source>
        <translation>心电图研究 (*.ecgstudy)</translation>
    </message>
</context>
<context>
    <name>ProtocolPage</name>
    <message>
        <source>&lt;h2&gt;Study protocol&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;研究方案&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>The study coordinator&apos;s instructions and the criteria of each finding</source>
        <translation>研究协调员的说明及各项所见的诊断标准</translation>
    </message>
    <message>
        <source>Begin reading</source>
        <translation>开始判读</translation>
    </message>
    <message>
        <source>Go to the cases; the protocol stays available from &apos;Protocol&apos;</source>
        <translation>进入病例；研究方案可随时通过“研究方案”查看</translation>
    </message>
    <message>
        <source>Back to reading</source>
        <translation>返回判读</translation>
    </message>
    <message>
        <source>The coordinator has written no instructions for this study.</source>
        <translation>协调员未为本研究编写说明。</translation>
    </message>
    <message>
        <source>No criteria given.</source>
        <translation>未给出诊断标准。</translation>
    </message>
    <message>
        <source>Criteria of each finding</source>
        <translation>各项所见的诊断标准</translation>
    </message>
</context>
<context>
    <name>RatingPanel</name>
    <message>
        <source>Rate every finding ({scale}; present from {cut_off})</source>
        <translation>为每项所见评分（{scale}；{cut_off} 分及以上视为存在）</translation>
    </message>
    <message>
        <source>Your rating of {finding} on the {scale} scale</source>
        <translation>您对 {finding} 的评分（{scale} 量表）</translation>
    </message>
    <message>
        <source>Rate {finding}</source>
        <translation>为 {finding} 评分</translation>
    </message>
    <message>
        <source>Rate every finding first</source>
        <translation>请先为每项所见评分</translation>
    </message>
    <message>
        <source>Leave the rating</source>
        <translation>保留评分不变</translation>
    </message>
</context>
<context>
    <name>RatingScale</name>
    <message>
        <source>1 definitely absent · 2 probably absent · 3 possibly present · 4 probably present · 5 definitely present</source>
        <translation>1 肯定不存在 · 2 可能不存在 · 3 或许存在 · 4 可能存在 · 5 肯定存在</translation>
    </message>
    <message>
        <source>0 certainly absent … 100 certainly present</source>
        <translation>0 肯定不存在 … 100 肯定存在</translation>
    </message>
</context>
<context>
    <name>ReadersPanel</name>
    <message>
        <source>Reader</source>
        <translation>判读者</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
    <message>
        <source>Read {phase}</source>
        <translation>判读（{phase}）</translation>
    </message>
    <message>
        <source>Median time per case</source>
        <translation>每例中位用时</translation>
    </message>
    <message>
        <source>Every reader of the study; select one to give a new PIN or deactivate</source>
        <translation>本研究的全部判读者；选择一位以设置新 PIN 码或停用</translation>
    </message>
    <message>
        <source>New PIN for the selected reader</source>
        <translation>所选判读者的新 PIN 码</translation>
    </message>
    <message>
        <source>The reader&apos;s new PIN; it follows the study&apos;s PIN rules</source>
        <translation>该判读者的新 PIN 码；须符合本研究的 PIN 码规则</translation>
    </message>
    <message>
        <source>Set new PIN</source>
        <translation>设置新 PIN 码</translation>
    </message>
    <message>
        <source>Replace the selected reader&apos;s PIN; this also lifts a lock-out</source>
        <translation>替换所选判读者的 PIN 码；同时解除锁定</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>A deactivated reader cannot sign in; their reads stay in the study. Reactivating undoes it</source>
        <translation>停用的判读者无法登录；其判读仍保留在研究中。重新启用可撤销停用</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>undefined (no reads)</source>
        <translation>未定义（无判读）</translation>
    </message>
    <message>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <source>PIN not changed</source>
        <translation>PIN 码未更改</translation>
    </message>
    <message>
        <source>{name} has a new PIN.</source>
        <translation>{name} 已设置新 PIN 码。</translation>
    </message>
    <message>
        <source>{name} was reactivated and may sign in again.</source>
        <translation>{name} 已重新启用，可以再次登录。</translation>
    </message>
    <message>
        <source>{name} was deactivated and can no longer sign in.</source>
        <translation>{name} 已停用，无法再登录。</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
</context>
<context>
    <name>ReadingPage</name>
    <message>
        <source>Reader: {name} ({group})</source>
        <translation>判读者：{name}（{group}）</translation>
    </message>
    <message>
        <source>%v of %m read</source>
        <translation>已判读 %v / %m</translation>
    </message>
    <message>
        <source>Undo last submission</source>
        <translation>撤销上次提交</translation>
    </message>
    <message>
        <source>Go back to the case you just submitted and correct it (kept as a new revision)</source>
        <translation>返回刚提交的病例进行更正（保存为新的修订版本）</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>研究方案</translation>
    </message>
    <message>
        <source>The study protocol and the criteria of each finding</source>
        <translation>研究方案及各项所见的诊断标准</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一例</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一例 ▶</translation>
    </message>
    <message>
        <source>The case before this one in your order</source>
        <translation>按您的顺序，此病例之前的一例</translation>
    </message>
    <message>
        <source>The case after this one in your order</source>
        <translation>按您的顺序，此病例之后的一例</translation>
    </message>
    <message>
        <source>The network&apos;s second opinion is not available: the network has not been run on this study. Your reads are saved; ask the study coordinator to run the network (Coordinator → Comparison dashboard → Run the network) before you go on, so you can see its opinion.</source>
        <translation>网络的第二意见不可用：本研究尚未运行网络。您的判读已保存；请先让研究协调员运行网络（协调员 → 比较仪表板 → 运行网络），然后再继续，以便查看其意见。</translation>
    </message>
    <message>
        <source>You will see the network&apos;s second opinion after you have read every case; you can then revise each read with its help (an aided read, stored separately).</source>
        <translation>判读完所有病例后，您将看到网络的第二意见；届时可参考它修订每次判读（辅助判读，单独保存）。</translation>
    </message>
    <message>
        <source>Case {number} could not be shown</source>
        <translation>无法显示病例 {number}</translation>
    </message>
    <message>
        <source>Case {number} of {total}</source>
        <translation>病例 {number} / {total}</translation>
    </message>
    <message>
        <source>Submit &amp;&amp; next  (Enter)</source>
        <translation>提交并进入下一例  (Enter)</translation>
    </message>
    <message>
        <source>Case {number} of {total} · with the network&apos;s second opinion</source>
        <translation>病例 {number} / {total} · 参考网络的第二意见</translation>
    </message>
    <message>
        <source>The read could not be saved</source>
        <translation>无法保存判读</translation>
    </message>
    <message>
        <source>The network&apos;s second opinion could not be shown</source>
        <translation>无法显示网络的第二意见</translation>
    </message>
    <message>
        <source>The network has no opinion on this case (it was not run on it); the study coordinator should run the network again.</source>
        <translation>网络对此病例没有意见（未在该病例上运行）；研究协调员应重新运行网络。</translation>
    </message>
    <message>
        <source>Submit aided read &amp;&amp; next  (Enter)</source>
        <translation>提交辅助判读并进入下一例  (Enter)</translation>
    </message>
    <message>
        <source>Where the network looked cannot be shown</source>
        <translation>无法显示网络关注的区域</translation>
    </message>
    <message>
        <source>Age {age}</source>
        <translation>年龄 {age}</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Age/sex not recorded</source>
        <translation>未记录年龄/性别</translation>
    </message>
</context>
<context>
    <name>ReadingRules</name>
    <message>
        <source>Readers may go back and revise cases</source>
        <translation>判读者可以返回修改病例</translation>
    </message>
    <message>
        <source>Otherwise a read is final once submitted</source>
        <translation>否则判读一经提交即为最终结果</translation>
    </message>
    <message>
        <source>Show the patient&apos;s age and sex to readers</source>
        <translation>向判读者显示患者的年龄和性别</translation>
    </message>
    <message>
        <source>Otherwise readers see the ECG alone</source>
        <translation>否则判读者只看到心电图</translation>
    </message>
    <message>
        <source>When readers see the network&apos;s opinion: never, right after each case (then they may revise their read), or once they have read every case</source>
        <translation>判读者何时查看网络意见：从不、每例判读后立即查看（之后可修订判读），或判读完所有病例之后</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Sensitivity</source>
        <translation>灵敏度</translation>
    </message>
    <message>
        <source>Specificity</source>
        <translation>特异度</translation>
    </message>
    <message>
        <source>PPV</source>
        <translation>阳性预测值</translation>
    </message>
    <message>
        <source>NPV</source>
        <translation>阴性预测值</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Macro</source>
        <translation>宏平均</translation>
    </message>
    <message>
        <source>mean over one fixed label set, the same for every rater and bootstrap resample: the labels whose gold standard has positive and negative cases; undefined where the metric is undefined for one of them</source>
        <translation>在一个固定的标签集合上取平均，该集合对每位评定者和每次自助重抽样均相同：即金标准中既有阳性又有阴性病例的标签；若其中任一标签的指标未定义，则宏平均未定义</translation>
    </message>
    <message>
        <source>Group (pooled)</source>
        <translation>组（合并）</translation>
    </message>
    <message>
        <source>all reads of the group&apos;s readers counted together; n is the number of reads</source>
        <translation>将该组所有判读者的判读合并计数；n 为判读次数</translation>
    </message>
    <message>
        <source>Group mean</source>
        <translation>组均值</translation>
    </message>
    <message>
        <source>mean of the group&apos;s readers&apos; metrics, with their minimum and maximum; a reader whose value is undefined (no case of the class read) is left out of the mean and the table says how many readers contributed</source>
        <translation>该组判读者指标的均值，附最小值和最大值；数值未定义的判读者（未判读该类别的任何病例）不计入均值，表中注明参与计算的判读者人数</translation>
    </message>
    <message>
        <source>95 % CI (tables)</source>
        <translation>95 % CI（表格）</translation>
    </message>
    <message>
        <source>one reader&apos;s or the network&apos;s proportion (sensitivity, specificity, PPV, NPV, accuracy): Wilson&apos;s score interval (Wilson, J Am Stat Assoc 1927;22:209-212), not degenerate at 0 or 1. F1, macro averages, pooled reads, group means, differences and aided - unaided changes: BCa bootstrap over cases (bias-corrected and accelerated: Efron, J Am Stat Assoc 1987;82:171-185; bias from the share of resamples below the estimate, acceleration from the leave-one-case-out jackknife; the same resamples for every rater and both phases, so differences are paired); where every resample gives the same value (a degenerate bootstrap, e.g. an F1 of 1 from one true positive) there is no interval (undefined), except that a pooled proportion or group mean then gets Wilson&apos;s interval on one reader&apos;s worth of cases. These intervals treat the readers as fixed: for claims about readers in general use the MRMC analysis</source>
        <translation>单个判读者或网络的比例（敏感度、特异度、PPV、NPV、准确率）：Wilson 得分区间（Wilson, J Am Stat Assoc 1927;22:209-212），在 0 或 1 处不退化。F1、宏平均、合并判读、组均值、差值及辅助 - 无辅助变化：按病例的 BCa bootstrap（偏差校正加速：Efron, J Am Stat Assoc 1987;82:171-185；偏差取自低于估计值的重抽样比例，加速度取自逐个剔除病例的 jackknife；所有评估者和两个阶段使用相同的重抽样，因此差值是配对的）；当每次重抽样给出相同的值（退化的 bootstrap，例如一个真阳性得到的 F1 为 1）时不给出区间（未定义），但合并比例或组均值此时使用相当于一名判读者病例数的 Wilson 区间。这些区间将判读者视为固定：关于一般判读者的结论请使用 MRMC 分析</translation>
    </message>
    <message>
        <source>Like with like</source>
        <translation>同类比较</translation>
    </message>
    <message>
        <source>the network is compared with each reader, and with each group&apos;s pooled reads, on exactly the cases that reader read; n in every table is the number of cases (or reads) behind the value</source>
        <translation>网络与每位判读者、以及与每组的合并判读进行比较时，仅使用该判读者所判读的病例；每个表中的 n 为该数值所依据的病例数（或判读数）</translation>
    </message>
    <message>
        <source>Network AUC</source>
        <translation>网络 AUC</translation>
    </message>
    <message>
        <source>MRMC analysis</source>
        <translation>MRMC 分析</translation>
    </message>
    <message>
        <source>McNemar</source>
        <translation>McNemar 检验</translation>
    </message>
    <message>
        <source>each reader vs the network per label on the cases both rated; exact binomial below 25 discordant pairs, else chi-square with continuity correction (no test pools a group&apos;s reads: those pairs are dependent)</source>
        <translation>按标签比较每位判读者与网络，使用两者都评定过的病例；不一致对少于 25 时用精确二项检验，否则用连续性校正卡方检验（不合并一组的判读进行检验：这些配对并不独立）</translation>
    </message>
    <message>
        <source>Kappa</source>
        <translation>Kappa</translation>
    </message>
    <message>
        <source>trapezoidal (Wilcoxon) area under the ROC curve of the network&apos;s probabilities, ties 1/2, with DeLong&apos;s variance (DeLong, DeLong &amp; Clarke-Pearson, Biometrics 1988;44:837-845) and a normal 95 % CI clipped to [0, 1]; the macro AUC&apos;s CI from the variance of the mean of the labels&apos; correlated AUCs, 1&apos;S1/L^2, S their DeLong covariance over the same cases (each case&apos;s placement values in every label)</source>
        <translation>网络概率的 ROC 曲线下梯形（Wilcoxon）面积，结值计 1/2，采用 DeLong 方差（DeLong, DeLong &amp; Clarke-Pearson, Biometrics 1988;44:837-845）及截断至 [0, 1] 的正态 95 % CI；宏平均 AUC 的 CI 由各标签相互相关的 AUC 之均值的方差 1&apos;S1/L^2 求得，S 为同一批病例上各 AUC 的 DeLong 协方差（每个病例在每个标签中的位置值）</translation>
    </message>
    <message>
        <source>Obuchowski-Rockette model (Obuchowski &amp; Rockette, Commun Stat Simul Comput 1995;24:285-308) with Hillis&apos;s denominator degrees of freedom (Hillis, Stat Med 2007;26:596-619), as in MRMCaov and RJafroc: readers and cases random (RRRC), readers fixed (FRRC, normal z) or cases fixed (RRFC); figures of merit per reader: AUC (trapezoidal/Wilcoxon, ties 1/2; ratings studies only), sensitivity, specificity; covariance over cases by jackknife (sensitivity over the diseased cases only, specificity over the non-diseased) or DeLong (AUC); each analysis uses the cases every rater in it rated. Contrasts: aided - unaided (same readers, two treatments), network - readers (per-reader differences analysed as one treatment: the network has case but no reader variability, Chakraborty&apos;s 1T-RRRC), group - group (readers nested in groups, Satterthwaite df with the case covariance treated as known), single (a group&apos;s reader mean and CI). p_holm: Holm&apos;s adjustment across the labels of each contrast. Assumes readers and cases are random samples and the OR model&apos;s equal covariances; CIs are clipped to the metric&apos;s range. With few diseased cases (about 20) a reader mean&apos;s symmetric CI covers somewhat less than 95 % (simulation in bench/coverage.py: AUC about 0.93 at 2 % prevalence)</source>
        <translation>Obuchowski-Rockette 模型（Obuchowski &amp; Rockette, Commun Stat Simul Comput 1995;24:285-308），采用 Hillis 分母自由度（Hillis, Stat Med 2007;26:596-619），与 MRMCaov 和 RJafroc 相同：判读者和病例均随机（RRRC）、判读者固定（FRRC，正态 z）或病例固定（RRFC）；每位判读者的品质因数：AUC（梯形/Wilcoxon，结值计 1/2；仅限评分研究）、灵敏度、特异度；病例协方差采用刀切法（灵敏度仅基于患病病例，特异度仅基于非患病病例）或 DeLong 法（AUC）；每项分析使用其中每位评定者都评定过的病例。对比：辅助 - 无辅助（同一批判读者，两种处理）、网络 - 判读者（将每位判读者的差异作为一种处理分析：网络有病例变异但无判读者变异，即 Chakraborty 的 1T-RRRC）、组 - 组（判读者嵌套于组内，Satterthwaite 自由度，病例协方差视为已知）、单组（一组判读者的均值及 CI）。p_holm：在每种对比的各标签间进行 Holm 校正。假设判读者和病例均为随机样本且满足 OR 模型的等协方差假设；CI 截断至指标的取值范围。患病病例较少（约 20 例）时，判读者均值的对称 CI 覆盖率略低于 95 %（bench/coverage.py 中的模拟：患病率 2 % 时 AUC 约为 0.93）</translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa for every pair of raters on the cases both rated, 95 % CI from the large-sample variance (Fleiss, Cohen &amp; Everitt, Psychol Bull 1969;72:323-327); Fleiss&apos; kappa (Psychol Bull 1971;76:378-382) within each group on the cases every member read, BCa bootstrap CI</source>
        <translation>每对评定者在两者都评定过的病例上的 Cohen kappa，95 % CI 基于大样本方差（Fleiss, Cohen &amp; Everitt, Psychol Bull 1969;72:323-327）；每组内在所有成员都判读过的病例上的 Fleiss kappa（Psychol Bull 1971;76:378-382），采用 BCa 自助法 CI</translation>
    </message>
    <message>
        <source>Operating point</source>
        <translation>工作点</translation>
    </message>
    <message>
        <source>network sensitivity at the group&apos;s mean specificity (Hannun et al., Nat Med 2019)</source>
        <translation>在该组平均特异度处的网络灵敏度（Hannun 等，Nat Med 2019）</translation>
    </message>
    <message>
        <source>Undefined</source>
        <translation>未定义</translation>
    </message>
    <message>
        <source>a metric with a zero denominator is undefined and shown empty, never as 0</source>
        <translation>分母为零的指标为未定义，显示为空白，绝不显示为 0</translation>
    </message>
    <message>
        <source>Training data: {text}.</source>
        <translation>训练数据：{text}。</translation>
    </message>
    <message>
        <source>Training data: {records} labelled records ({sources}); test sets of the model card: {tests}.</source>
        <translation>训练数据：{records} 条有标注的记录（{sources}）；模型卡的测试集：{tests}。</translation>
    </message>
    <message>
        <source>{name} — reader study report</source>
        <translation>{name} — 判读研究报告</translation>
    </message>
    <message>
        <source>{name}: readers and network against the gold standard</source>
        <translation>{name}：判读者和网络与金标准的比较</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Study</source>
        <translation>研究</translation>
    </message>
    <message>
        <source>{cases} cases ({image_cases} image-only), {gold} with a gold standard; {reads} reads by {readers} readers in {groups} groups; randomisation seed {seed}; second-opinion mode {mode}.</source>
        <translation>{cases} 例病例（{image_cases} 例仅有图像），{gold} 例有金标准；{groups} 个组的 {readers} 位判读者共判读 {reads} 次；随机化种子 {seed}；第二意见模式 {mode}。</translation>
    </message>
    <message>
        <source>Amplitude not calibrated: {n} of {cases} cases (their paper is not at 10 mm/mV; no voltage criterion was judged).</source>
        <translation>振幅未校准：{cases} 个病例中有 {n} 个（其心电图纸不是 10 mm/mV；未判断任何电压标准）。</translation>
    </message>
    <message>
        <source>Study file integrity</source>
        <translation>研究文件完整性</translation>
    </message>
    <message>
        <source>read-history hash chain, reads, case checksums</source>
        <translation>判读历史哈希链、判读、病例校验和</translation>
    </message>
    <message>
        <source>label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>finding</source>
        <translation>所见</translation>
    </message>
    <message>
        <source>positives</source>
        <translation>阳性数</translation>
    </message>
    <message>
        <source>prevalence</source>
        <translation>患病率</translation>
    </message>
    <message>
        <source>group</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>readers</source>
        <translation>判读者</translation>
    </message>
    <message>
        <source>reader</source>
        <translation>判读者</translation>
    </message>
    <message>
        <source>cases read (of {n})</source>
        <translation>已判读病例（共 {n} 例）</translation>
    </message>
    <message>
        <source>cannot be assessed</source>
        <translation>无法评估</translation>
    </message>
    <message>
        <source>Cannot be assessed: cases a reader judged could not be assessed (each with its reason in reads.csv); they are not among the cases read, are left out of that reader&apos;s sensitivity and specificity, and do not make the study incomplete.</source>
        <translation>无法评估：判读者认为无法评估的病例（每例的原因见 reads.csv）；这些病例不计入已判读病例，不计入该判读者的灵敏度和特异度，也不使研究被视为未完成。</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>run {date}</source>
        <translation>运行于 {date}</translation>
    </message>
    <message>
        <source>Measurement drift: the measurement code used for this run computes {features} differently from the code the network was trained and validated with, so its probabilities and operating points in this report are not those validated in its model card.</source>
        <translation>测量漂移：本次运行所用的测量代码对 {features} 的计算与网络训练和验证时所用的代码不同，因此本报告中其概率和工作点并非模型卡中所验证的那些。</translation>
    </message>
    <message>
        <source>No model run is stored in this study.</source>
        <translation>本研究中未保存任何模型运行。</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>{n} bootstrap resamples, seed {seed}.</source>
        <translation>{n} 次自助重抽样，种子 {seed}。</translation>
    </message>
    <message>
        <source>Metrics per label</source>
        <translation>各标签指标</translation>
    </message>
    <message>
        <source>n: cases rated (reader, network), reads pooled (group), cases read by any reader (group mean). [k/R readers]: a group mean over the k of R readers whose value is defined.</source>
        <translation>n：已评定的病例数（判读者、网络）、合并的判读数（组）、任一判读者判读过的病例数（组均值）。[k/R 位判读者]：组均值基于 R 位判读者中数值有定义的 k 位。</translation>
    </message>
    <message>
        <source>rater</source>
        <translation>评定者</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>{metric} (95 % CI)</source>
        <translation>{metric} (95 % CI)</translation>
    </message>
    <message>
        <source>MRMC analysis (readers and cases random)</source>
        <translation>MRMC 分析（判读者和病例均随机）</translation>
    </message>
    <message>
        <source>Obuchowski–Rockette with Hillis&apos;s degrees of freedom, jackknife covariance, RRRC; every design (RRRC, FRRC, RRFC) and DeLong&apos;s covariance for AUC are in {file}. Differences are aided − unaided and network − readers; p (Holm) is adjusted across the labels of each contrast. n: cases every rater of the analysis read; R: readers.</source>
        <translation>Obuchowski–Rockette 模型，Hillis 自由度，刀切法协方差，RRRC；所有设计（RRRC、FRRC、RRFC）及 AUC 的 DeLong 协方差见 {file}。差异为辅助 − 无辅助及网络 − 判读者；p (Holm) 在每种对比的各标签间校正。n：该分析中每位评定者都判读过的病例数；R：判读者数。</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>contrast</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>estimate (95 % CI)</source>
        <translation>估计值 (95 % CI)</translation>
    </message>
    <message>
        <source>p (Holm)</source>
        <translation>p (Holm)</translation>
    </message>
    <message>
        <source>Network minus group (pooled)</source>
        <translation>网络减去组（合并）</translation>
    </message>
    <message>
        <source>The network counted on exactly the cases each reader read (n: reads compared); per-reader differences are in {file}.</source>
        <translation>网络仅在每位判读者所判读的病例上计数（n：参与比较的判读数）；每位判读者的差异见 {file}。</translation>
    </message>
    <message>
        <source>difference (95 % CI)</source>
        <translation>差异 (95 % CI)</translation>
    </message>
    <message>
        <source>Network AUC and operating points</source>
        <translation>网络 AUC 与工作点</translation>
    </message>
    <message>
        <source>AUC (95 % CI, DeLong)</source>
        <translation>AUC (95 % CI，DeLong)</translation>
    </message>
    <message>
        <source>{group}: mean specificity → network sensitivity</source>
        <translation>{group}：平均特异度 → 网络灵敏度</translation>
    </message>
    <message>
        <source>McNemar tests, network vs each reader</source>
        <translation>McNemar 检验：网络 vs 每位判读者</translation>
    </message>
    <message>
        <source>network only correct</source>
        <translation>仅网络正确</translation>
    </message>
    <message>
        <source>reader only correct</source>
        <translation>仅判读者正确</translation>
    </message>
    <message>
        <source>statistic</source>
        <translation>统计量</translation>
    </message>
    <message>
        <source>method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Unaided vs aided reads (second opinion)</source>
        <translation>无辅助 vs 辅助判读（第二意见）</translation>
    </message>
    <message>
        <source>The same metrics computed on the aided reads (after seeing the network&apos;s output); change = aided − unaided on the cases each reader read in both phases (readers who read in one phase only are left out), with a paired BCa bootstrap 95 % CI.</source>
        <translation>在辅助判读（看到网络输出之后）上计算的相同指标；变化 = 辅助 − 无辅助，仅计入每位判读者在两个阶段都判读过的病例（只在一个阶段判读的判读者不计入），附配对 BCa bootstrap 95 % CI。</translation>
    </message>
    <message>
        <source>unaided</source>
        <translation>无辅助</translation>
    </message>
    <message>
        <source>aided</source>
        <translation>辅助</translation>
    </message>
    <message>
        <source>change (95 % CI)</source>
        <translation>变化 (95 % CI)</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>一致性</translation>
    </message>
    <message>
        <source>Fleiss&apos; kappa (95 % CI)</source>
        <translation>Fleiss kappa (95 % CI)</translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa of every pair of raters, with its 95 % CI and n, is in {file}.</source>
        <translation>每对评定者的 Cohen kappa 及其 95 % CI 和 n 见 {file}。</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>None yet: no reader or network has rated a case with a gold standard.</source>
        <translation>尚无：还没有判读者或网络评估过有金标准的病例。</translation>
    </message>
    <message>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>group (pooled)</source>
        <translation>组（合并）</translation>
    </message>
    <message>
        <source>group mean</source>
        <translation>组均值</translation>
    </message>
    <message>
        <source>sensitivity</source>
        <translation>灵敏度</translation>
    </message>
    <message>
        <source>specificity</source>
        <translation>特异度</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>AUC</source>
        <translation>AUC</translation>
    </message>
    <message>
        <source>macro</source>
        <translation>宏平均</translation>
    </message>
    <message>
        <source>network - readers</source>
        <translation>网络 - 判读者</translation>
    </message>
    <message>
        <source>aided - unaided</source>
        <translation>辅助 - 无辅助</translation>
    </message>
    <message>
        <source>group - group</source>
        <translation>组 - 组</translation>
    </message>
    <message>
        <source>reader mean</source>
        <translation>判读者均值</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>after each case</source>
        <translation>每例判读之后</translation>
    </message>
    <message>
        <source>after the whole study</source>
        <translation>全部研究完成之后</translation>
    </message>
    <message>
        <source>exact binomial</source>
        <translation>精确二项检验</translation>
    </message>
    <message>
        <source>chi-square with continuity correction</source>
        <translation>连续性校正卡方检验</translation>
    </message>
    <message>
        <source>verification FAILED: {n} problem(s) found</source>
        <translation>验证失败：发现 {n} 个问题</translation>
    </message>
    <message>
        <source>verified: {cases} cases, {reads} reads, {revisions} read revisions; history chain head {head}</source>
        <translation>已验证：{cases} 例病例，{reads} 次判读，{revisions} 个判读修订版本；历史链头 {head}</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>空</translation>
    </message>
    <message>
        <source>undefined</source>
        <translation>未定义</translation>
    </message>
    <message>
        <source> to </source>
        <translation> 至 </translation>
    </message>
    <message>
        <source>No reads yet: no reader has read a case with a gold standard, so the tables hold no reader and the figures with nothing to show are left out.</source>
        <translation>尚无判读：还没有判读者判读过有金标准的病例，因此表格中没有判读者，无内容可显示的图已省略。</translation>
    </message>
    <message>
        <source>Incomplete study: {missing} of {readers} readers have not read every case with a gold standard ({who}).</source>
        <translation>研究未完成：{readers} 位判读者中有 {missing} 位尚未判读所有有金标准的病例（{who}）。</translation>
    </message>
    <message>
        <source>Aided phase incomplete: {missing} of {readers} readers have not read every case aided ({who}).</source>
        <translation>辅助阶段未完成：{readers} 位判读者中有 {missing} 位尚未在辅助下判读所有病例（{who}）。</translation>
    </message>
    <message>
        <source>Each comparison uses the cases its raters read (n in every table); MRMC analyses use the cases every rater in them read, and an aided − unaided change the cases its reader read in both phases.</source>
        <translation>每项比较使用其评估者判读过的病例（各表均列出 n）；MRMC 分析使用其中每位评估者都判读过的病例，辅助 − 无辅助的变化使用该判读者在两个阶段都判读过的病例。</translation>
    </message>
    <message>
        <source>{reader}: {read} of {total}</source>
        <translation>{reader}：{read} / {total}</translation>
    </message>
    <message>
        <source>undefined (too few cases or readers)</source>
        <translation>未定义（病例或判读者过少）</translation>
    </message>
    <message>
        <source>from {lowest} ({lowest_label}) to {highest} ({highest_label})</source>
        <translation>从 {lowest}（{lowest_label}）到 {highest}（{highest_label}）</translation>
    </message>
    <message>
        <source>no test possible (too few readers, or no variability)</source>
        <translation>无法检验（判读者过少，或无变异）</translation>
    </message>
    <message>
        <source>significant after Holm on {significant} of {labels} labels; largest {label} {difference}, Holm p {p}</source>
        <translation>经 Holm 校正后 {labels} 个标签中有 {significant} 个差异显著；最大差异为 {label} {difference}，Holm p {p}</translation>
    </message>
    <message>
        <source>the network {name}</source>
        <translation>网络 {name}</translation>
    </message>
    <message>
        <source>no network (no model run stored)</source>
        <translation>无网络（未保存模型运行）</translation>
    </message>
    <message>
        <source>Nothing was compared with the gold standard of the {cases} cases and {labels} labels: no reader has read a case yet and no model run is stored.</source>
        <translation>没有任何结果与 {cases} 个病例、{labels} 个标签的金标准进行比较：还没有判读者判读病例，也没有存储模型运行。</translation>
    </message>
    <message>
        <source>No reader has read a case yet; {network} was compared with the gold standard on {cases} cases and {labels} labels.</source>
        <translation>还没有判读者判读病例；{network} 已在 {cases} 个病例、{labels} 个标签上与金标准比较。</translation>
    </message>
    <message>
        <source>{readers} readers in {groups} groups ({names}) and {network} were compared with the gold standard on {cases} cases and {labels} labels.</source>
        <translation>{groups} 个组（{names}）的 {readers} 位判读者和 {network} 在 {cases} 例病例、{labels} 个标签上与金标准进行了比较。</translation>
    </message>
    <message>
        <source>{readers} readers in {groups} groups ({names}) and {network} were compared with the gold standard on {cases} cases and {labels} labels in unaided and aided reads.</source>
        <translation>{groups} 个组（{names}）的 {readers} 位判读者和 {network} 在 {cases} 例病例、{labels} 个标签上，以无辅助和辅助判读分别与金标准进行了比较。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>MRMC ({contrast}, {metric}, readers and cases random, Obuchowski-Rockette with Hillis df): {results}.</source>
        <translation>MRMC（{contrast}，{metric}，判读者和病例均随机，Obuchowski-Rockette 模型，Hillis 自由度）：{results}。</translation>
    </message>
    <message>
        <source>Study file integrity: {summary}.</source>
        <translation>研究文件完整性：{summary}。</translation>
    </message>
    <message>
        <source>[{defined}/{total} readers]</source>
        <translation>[{defined}/{total} 位判读者]</translation>
    </message>
    <message>
        <source>Reader study report</source>
        <translation>判读研究报告</translation>
    </message>
</context>
<context>
    <name>ScreenCalibrationDialog</name>
    <message>
        <source>Calibrate true size</source>
        <translation>校准实际大小</translation>
    </message>
    <message>
        <source>The bar&apos;s length on the glass, measured with a ruler</source>
        <translation>用直尺在屏幕上量得的标尺条长度</translation>
    </message>
    <message>
        <source>Hold a ruler against the screen and measure the black bar. Type its length: the paper will then be drawn at its real size on this monitor.</source>
        <translation>将直尺贴在屏幕上测量黑色标尺条，并输入其长度：之后图纸将以实际大小显示在此显示器上。</translation>
    </message>
    <message>
        <source>Use the monitor&apos;s report</source>
        <translation>使用显示器报告的尺寸</translation>
    </message>
    <message>
        <source>Forget this calibration and trust the size the monitor reports</source>
        <translation>放弃此校准，采用显示器报告的尺寸</translation>
    </message>
    <message>
        <source>Measured length:</source>
        <translation>测得长度：</translation>
    </message>
</context>
<context>
    <name>SecondOpinionPanel</name>
    <message>
        <source>The network&apos;s second opinion</source>
        <translation>网络的第二意见</translation>
    </message>
    <message>
        <source>The network&apos;s cross-validated performance on its own training records, as its model card records it (never on the cases of a study)</source>
        <translation>网络在其训练记录上的交叉验证性能，取自其模型卡（从不基于研究中的病例）</translation>
    </message>
    <message>
        <source>Shade the ECG where the network found evidence for this finding</source>
        <translation>在心电图上以阴影标出网络发现该所见证据的区域</translation>
    </message>
    <message>
        <source>Revise your findings on the right if you wish, then submit the aided read.</source>
        <translation>如有需要，可在右侧修订您的所见，然后提交辅助判读。</translation>
    </message>
    <message>
        <source>Show where the network looked for</source>
        <translation>显示网络关注的区域：</translation>
    </message>
    <message>
        <source>finding</source>
        <translation>所见</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>测量值</translation>
    </message>
    <message>
        <source>The network&apos;s probability for each finding, the threshold at which it calls the finding present, its decision, and the measurement the finding&apos;s criterion uses. Highlighted rows: the network disagrees with your unaided read.</source>
        <translation>网络对每项所见给出的概率、判定该所见存在的阈值、其判定结果，以及该所见诊断标准所用的测量值。高亮行：网络与您的无辅助判读不一致。</translation>
    </message>
    <message>
        <source>Network: {name}</source>
        <translation>网络：{name}</translation>
    </message>
    <message>
        <source>No region stood out for {finding}: nothing is shaded.</source>
        <translation>{finding} 没有突出的区域：未标阴影。</translation>
    </message>
    <message>
        <source>The network was not run for this finding</source>
        <translation>网络未针对该所见运行</translation>
    </message>
    <message>
        <source>The network&apos;s probability that the finding is present</source>
        <translation>网络判断该所见存在的概率</translation>
    </message>
    <message>
        <source>The network calls the finding present at or above this</source>
        <translation>概率达到或超过此值时网络判定该所见存在</translation>
    </message>
    <message>
        <source>Your unaided read: cannot be assessed</source>
        <translation>您的无辅助判读：无法评估</translation>
    </message>
    <message>
        <source>Your unaided read: present</source>
        <translation>您的无辅助判读：存在</translation>
    </message>
    <message>
        <source>Your unaided read: absent</source>
        <translation>您的无辅助判读：不存在</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>present</source>
        <translation>存在</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>不存在</translation>
    </message>
    <message>
        <source>This ECG has not been measured (yet)</source>
        <translation>此心电图（尚）未测量</translation>
    </message>
    <message>
        <source>amplitude not calibrated</source>
        <translation>振幅未定标</translation>
    </message>
    <message>
        <source>No measurement is listed for this finding</source>
        <translation>该所见没有对应的测量值</translation>
    </message>
    <message>
        <source>PR</source>
        <translation>PR</translation>
    </message>
    <message>
        <source>QRS</source>
        <translation>QRS</translation>
    </message>
    <message>
        <source>QRS axis</source>
        <translation>QRS 电轴</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <source>Sokolow–Lyon</source>
        <translation>Sokolow–Lyon 指数</translation>
    </message>
    <message>
        <source>Cornell</source>
        <translation>Cornell 指数</translation>
    </message>
    <message>
        <source>ST at J</source>
        <translation>J 点 ST</translation>
    </message>
    <message>
        <source>ST at J+60 ms</source>
        <translation>J+60 ms 处 ST</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>Q</source>
        <translation>Q</translation>
    </message>
    <message>
        <source>{name}: amplitude not calibrated</source>
        <translation>{name}：振幅未定标</translation>
    </message>
    <message>
        <source>no Q wave</source>
        <translation>无 Q 波</translation>
    </message>
    <message>
        <source>Performance not recorded in the model card.</source>
        <translation>模型卡中未记录性能。</translation>
    </message>
    <message>
        <source>Cross-validated on the network&apos;s {n} training records: macro AUC {auc}, macro F1 {f1}</source>
        <translation>在网络的 {n} 条训练记录上交叉验证：宏 AUC {auc}，宏 F1 {f1}</translation>
    </message>
    <message>
        <source>; for {finding} sensitivity {sensitivity}, specificity {specificity}</source>
        <translation>；{finding} 的灵敏度 {sensitivity}，特异度 {specificity}</translation>
    </message>
    <message>
        <source>; for {finding} not recorded</source>
        <translation>；{finding} 未记录</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>(no description)</source>
        <translation>（无说明）</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>作用</translation>
    </message>
    <message>
        <source>Every keyboard shortcut of this window</source>
        <translation>本窗口的所有键盘快捷键</translation>
    </message>
    <message>
        <source>Close this sheet</source>
        <translation>关闭此列表</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>&lt;h2&gt;{study}&lt;/h2&gt;Sign in to read, or register as a new reader.</source>
        <translation>&lt;h2&gt;{study}&lt;/h2&gt;请登录后判读，或注册为新判读者。</translation>
    </message>
    <message>
        <source>I have read in this study before</source>
        <translation>我之前已在本研究中判读过</translation>
    </message>
    <message>
        <source>Your name, as you registered it in this study</source>
        <translation>您在本研究中注册的姓名</translation>
    </message>
    <message>
        <source>PIN, if you set one</source>
        <translation>PIN 码（如已设置）</translation>
    </message>
    <message>
        <source>The PIN you chose when you registered; Enter signs in</source>
        <translation>您注册时设置的 PIN 码；按 Enter 登录</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Go on reading where you stopped</source>
        <translation>从上次停止处继续判读</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>判读者</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
    <message>
        <source>New reader</source>
        <translation>新判读者</translation>
    </message>
    <message>
        <source>Your name as the study coordinator will see it; Enter registers</source>
        <translation>研究协调员将看到的您的姓名；按 Enter 注册</translation>
    </message>
    <message>
        <source>The group of readers you belong to in this study</source>
        <translation>您在本研究中所属的判读者组别</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>A PIN that keeps others from reading under your name; Enter registers</source>
        <translation>防止他人以您的名义判读的 PIN 码；按 Enter 注册</translation>
    </message>
    <message>
        <source>Register and start reading</source>
        <translation>注册并开始判读</translation>
    </message>
    <message>
        <source>Join the study as a new reader and open your first case</source>
        <translation>以新判读者身份加入研究并打开您的第一个病例</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>Study coordinator</source>
        <translation>研究协调员</translation>
    </message>
    <message>
        <source>The coordinator password set when the study was created; Enter signs in</source>
        <translation>创建研究时设置的协调员密码；按 Enter 登录</translation>
    </message>
    <message>
        <source>Sign in as coordinator</source>
        <translation>以协调员身份登录</translation>
    </message>
    <message>
        <source>Manage the study&apos;s settings, readers and results</source>
        <translation>管理研究的设置、判读者和结果</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Close study</source>
        <translation>关闭研究</translation>
    </message>
    <message>
        <source>Close this study and go back to the start page</source>
        <translation>关闭此研究并返回起始页</translation>
    </message>
    <message>
        <source>PIN: at least {length} characters (required)</source>
        <translation>PIN 码：至少 {length} 个字符（必填）</translation>
    </message>
    <message>
        <source>PIN: at least {length} characters (optional)</source>
        <translation>PIN 码：至少 {length} 个字符（可选）</translation>
    </message>
</context>
<context>
    <name>SignInRefusal</name>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分钟</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} 分 {seconds} 秒</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>a reader needs a name</source>
        <translation>读者需要填写姓名</translation>
    </message>
    <message>
        <source>no reader group called &apos;{group}&apos;</source>
        <translation>没有名为“{group}”的读者组</translation>
    </message>
    <message>
        <source>a reader called &apos;{name}&apos; exists but was deactivated; ask the coordinator</source>
        <translation>已有名为“{name}”的读者，但已被停用；请联系协调员</translation>
    </message>
    <message>
        <source>a reader called &apos;{name}&apos; already exists; sign in instead</source>
        <translation>已有名为“{name}”的读者；请直接登录</translation>
    </message>
    <message>
        <source>unknown reader</source>
        <translation>未知读者</translation>
    </message>
    <message>
        <source>no reader with id {reader_id} in this study</source>
        <translation>本研究中没有编号为 {reader_id} 的读者</translation>
    </message>
    <message>
        <source>{name} was deactivated by the coordinator and cannot sign in</source>
        <translation>{name} 已被协调员停用，无法登录</translation>
    </message>
    <message>
        <source>this study has no coordinator password; set one with study create</source>
        <translation>本研究未设置协调员密码；请在创建研究（study create）时设置</translation>
    </message>
    <message>
        <source>this study needs a PIN of at least {length} characters</source>
        <translation>本研究要求 PIN 码至少 {length} 个字符</translation>
    </message>
    <message>
        <source>a PIN needs at least {length} characters</source>
        <translation>PIN 码至少需要 {length} 个字符</translation>
    </message>
    <message>
        <source>wrong PIN</source>
        <translation>PIN 码错误</translation>
    </message>
    <message>
        <source>wrong coordinator password</source>
        <translation>协调员密码错误</translation>
    </message>
    <message>
        <source>too many wrong PINs; try again in {wait}</source>
        <translation>PIN 码错误次数过多；请在 {wait} 后重试</translation>
    </message>
    <message>
        <source>too many wrong passwords; try again in {wait}</source>
        <translation>密码错误次数过多；请在 {wait} 后重试</translation>
    </message>
    <message>
        <source>wrong PIN; too many wrong PINs; try again in {wait}</source>
        <translation>PIN 码错误；错误次数过多；请在 {wait} 后重试</translation>
    </message>
    <message>
        <source>wrong coordinator password; too many wrong passwords; try again in {wait}</source>
        <translation>协调员密码错误；错误次数过多；请在 {wait} 后重试</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Restart ECG Reader to show it in this language.</source>
        <translation>请重新启动 ECG Reader 以使用此语言显示。</translation>
    </message>
    <message>
        <source>&lt;h1&gt;ECG Reader&lt;/h1&gt;&lt;p&gt;Blinded reader studies of 12-lead ECGs: general doctors, specialists and a deep network.&lt;/p&gt;</source>
        <translation>&lt;h1&gt;ECG Reader&lt;/h1&gt;&lt;p&gt;12 导联心电图的盲法判读研究：全科医生、专科医生与深度网络。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open study…</source>
        <translation>打开研究…</translation>
    </message>
    <message>
        <source>Create study…</source>
        <translation>创建研究…</translation>
    </message>
    <message>
        <source>Open the demo study (LUDB)</source>
        <translation>打开演示研究 (LUDB)</translation>
    </message>
    <message>
        <source>Recent studies (double-click to open)</source>
        <translation>最近的研究（双击打开）</translation>
    </message>
    <message>
        <source>The language of the interface and of exported reports</source>
        <translation>界面和导出报告所用的语言</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>StudyProtocol</name>
    <message>
        <source>Read each ECG as you would in your clinical work and record every finding you see on it; none is a valid answer. Work on your own: do not discuss cases with other readers or look them up. Take the time you need; the time you spend on each case is recorded.</source>
        <translation>请像日常临床工作中一样判读每份心电图，并记录您在其上看到的每一项所见；“以上均无”也是有效的回答。请独立完成：不要与其他判读者讨论病例，也不要查阅资料。您可以按需要安排时间；每个病例所用的时间会被记录。</translation>
    </message>
</context>
<context>
    <name>StudySettingsEditor</name>
    <message>
        <source>Study settings</source>
        <translation>研究设置</translation>
    </message>
    <message>
        <source>High-pass filter against baseline wander; 0.5 Hz is a cart&apos;s usual setting, 0.05 Hz the diagnostic one</source>
        <translation>抑制基线漂移的高通滤波；0.5 Hz 为心电图机常用设置，0.05 Hz 为诊断级设置</translation>
    </message>
    <message>
        <source>Low-pass filter against muscle tremor; 150 Hz keeps the QRS detail, 40 Hz smooths more</source>
        <translation>抑制肌电干扰的低通滤波；150 Hz 保留 QRS 细节，40 Hz 平滑更多</translation>
    </message>
    <message>
        <source>Notch against mains hum: 50 Hz in Europe, 60 Hz in the Americas</source>
        <translation>抑制工频干扰的陷波滤波：中国和欧洲为 50 Hz，美洲为 60 Hz</translation>
    </message>
    <message>
        <source>Show the machine&apos;s measurements (intervals, axes) to readers</source>
        <translation>向判读者显示机器测量值（间期、电轴）</translation>
    </message>
    <message>
        <source>The cart-style measurement line is an aid: the report states whether readers saw it</source>
        <translation>心电图机式的测量行是一种辅助：报告会注明判读者是否看到它</translation>
    </message>
    <message>
        <source>Instructions shown to each reader before their first case</source>
        <translation>在每位判读者的第一个病例之前显示的说明</translation>
    </message>
    <message>
        <source>Shown to each reader before their first case; empty: no instructions</source>
        <translation>在每位判读者的第一个病例之前显示；留空：无说明</translation>
    </message>
    <message>
        <source>One reason per line; empty: the option is off</source>
        <translation>每行一个原因；留空：关闭此选项</translation>
    </message>
    <message>
        <source>Reasons a reader may give for &apos;cannot be assessed&apos;, one per line; empty: readers must read every ECG</source>
        <translation>判读者选择“无法评估”时可给出的原因，每行一个；留空：判读者必须判读每份心电图</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>所见</translation>
    </message>
    <message>
        <source>Criteria shown to readers</source>
        <translation>向判读者显示的诊断标准</translation>
    </message>
    <message>
        <source>What each finding means in this study; the textbook criteria unless edited</source>
        <translation>各项所见在本研究中的含义；未编辑时采用教科书标准</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>Store these settings in the study; possible until the first read</source>
        <translation>将这些设置保存到研究中；在第一次判读之前均可修改</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Randomisation seed</source>
        <translation>随机化种子</translation>
    </message>
    <message>
        <source>Reader groups</source>
        <translation>判读者组别</translation>
    </message>
    <message>
        <source>Answers per finding</source>
        <translation>每项所见的回答方式</translation>
    </message>
    <message>
        <source>Network&apos;s opinion shown</source>
        <translation>网络意见的显示</translation>
    </message>
    <message>
        <source>Baseline filter</source>
        <translation>基线滤波</translation>
    </message>
    <message>
        <source>Muscle filter</source>
        <translation>肌电滤波</translation>
    </message>
    <message>
        <source>Mains filter</source>
        <translation>工频滤波</translation>
    </message>
    <message>
        <source>Instructions to readers</source>
        <translation>给判读者的说明</translation>
    </message>
    <message>
        <source>&apos;Cannot be assessed&apos; reasons</source>
        <translation>“无法评估”的原因</translation>
    </message>
    <message>
        <source>Finding criteria</source>
        <translation>所见的诊断标准</translation>
    </message>
    <message>
        <source>{scale}, present from {cut}</source>
        <translation>{scale}，{cut} 分及以上视为存在</translation>
    </message>
    <message>
        <source>Fixed: readers have submitted reads under these settings.</source>
        <translation>已固定：判读者已在这些设置下提交了判读。</translation>
    </message>
    <message>
        <source>Not saved: {error}</source>
        <translation>未保存：{error}</translation>
    </message>
    <message>
        <source>Settings not saved</source>
        <translation>设置未保存</translation>
    </message>
    <message>
        <source>Settings saved at {time}.</source>
        <translation>设置已于 {time} 保存。</translation>
    </message>
</context>
<context>
    <name>TextbookCriteria</name>
    <message>
        <source>QRS ≥ 120 ms; rsr&apos;, rsR&apos; or rSR&apos; in V1 or V2 (R&apos; usually wider than the first R); S wave in I and V6 longer than the R wave or &gt; 40 ms; R-peak time in V5/V6 normal.</source>
        <translation>QRS ≥ 120 ms；V1 或 V2 导联呈 rsr&apos;、rsR&apos; 或 rSR&apos; 型（R&apos; 通常比第一个 R 波宽）；I 和 V6 导联 S 波时限长于 R 波或 &gt; 40 ms；V5/V6 导联 R 峰时间正常。</translation>
    </message>
    <message>
        <source>The right bundle branch block pattern (rsr&apos; in V1/V2, S wider than R or &gt; 40 ms in I and V6) with QRS 110–119 ms.</source>
        <translation>右束支传导阻滞图形（V1/V2 导联呈 rsr&apos; 型，I 和 V6 导联 S 波宽于 R 波或 &gt; 40 ms），QRS 110–119 ms。</translation>
    </message>
    <message>
        <source>QRS ≥ 120 ms; broad notched or slurred R in I, aVL, V5, V6; no q wave in I, V5, V6; R-peak time &gt; 60 ms in V5/V6; ST and T usually opposite to the QRS.</source>
        <translation>QRS ≥ 120 ms；I、aVL、V5、V6 导联 R 波宽阔、有切迹或顿挫；I、V5、V6 导联无 q 波；V5/V6 导联 R 峰时间 &gt; 60 ms；ST 段和 T 波方向通常与 QRS 主波相反。</translation>
    </message>
    <message>
        <source>Frontal QRS axis −45° to −90°; qR in aVL with R-peak time ≥ 45 ms; rS in II, III and aVF; QRS &lt; 120 ms.</source>
        <translation>额面 QRS 电轴 −45° 至 −90°；aVL 导联呈 qR 型，R 峰时间 ≥ 45 ms；II、III 和 aVF 导联呈 rS 型；QRS &lt; 120 ms。</translation>
    </message>
    <message>
        <source>PR interval &gt; 200 ms, the same before every conducted beat, each P wave followed by a QRS.</source>
        <translation>PR 间期 &gt; 200 ms，每个下传心搏前 PR 间期相同，每个 P 波后均跟随 QRS 波。</translation>
    </message>
    <message>
        <source>Voltage: Sokolow–Lyon SV1 + RV5 or RV6 ≥ 3.5 mV, or R in aVL ≥ 1.1 mV; Cornell R aVL + S V3 &gt; 2.8 mV (men), &gt; 2.0 mV (women). Supporting: left axis, QRS prolongation, strain-type ST-T (Romhilt–Estes score ≥ 5).</source>
        <translation>电压标准：Sokolow–Lyon 指数 SV1 + RV5 或 RV6 ≥ 3.5 mV，或 aVL 导联 R 波 ≥ 1.1 mV；Cornell 指数 R aVL + S V3 &gt; 2.8 mV（男性）、&gt; 2.0 mV（女性）。支持证据：电轴左偏、QRS 时限延长、劳损型 ST-T 改变（Romhilt–Estes 评分 ≥ 5）。</translation>
    </message>
    <message>
        <source>P wave ≥ 120 ms in II, often notched with peaks ≥ 40 ms apart, or a terminal negative P in V1 ≥ 1 mm deep and ≥ 40 ms long.</source>
        <translation>II 导联 P 波 ≥ 120 ms，常有切迹且两峰间距 ≥ 40 ms；或 V1 导联 P 波终末负向部分深 ≥ 1 mm 且时限 ≥ 40 ms。</translation>
    </message>
    <message>
        <source>New ST elevation at the J point in two contiguous leads: ≥ 1 mm in any lead but V2–V3; in V2–V3 ≥ 2 mm in men ≥ 40 years, ≥ 2.5 mm in men &lt; 40 years, ≥ 1.5 mm in women.</source>
        <translation>两个相邻导联 J 点处新发 ST 段抬高：除 V2–V3 外任一导联 ≥ 1 mm；V2–V3 导联中，≥ 40 岁男性 ≥ 2 mm，&lt; 40 岁男性 ≥ 2.5 mm，女性 ≥ 1.5 mm。</translation>
    </message>
    <message>
        <source>New horizontal or downsloping ST depression ≥ 0.5 mm in two contiguous leads, and/or T inversion &gt; 1 mm in two contiguous leads with a prominent R wave or R/S &gt; 1.</source>
        <translation>两个相邻导联新发水平型或下斜型 ST 段压低 ≥ 0.5 mm，和/或在 R 波明显或 R/S &gt; 1 的两个相邻导联 T 波倒置 &gt; 1 mm。</translation>
    </message>
    <message>
        <source>Any Q wave in V2–V3 &gt; 20 ms or a QS complex in V2–V3; or a Q wave ≥ 40 ms and ≥ 1 mm deep (or QS) in two contiguous leads of I, aVL; II, III, aVF; or V4–V6; or R &gt; 40 ms with R/S &gt; 1 in V1–V2 and an upright T (posterior).</source>
        <translation>V2–V3 导联任何 &gt; 20 ms 的 Q 波或 QS 波；或在 I、aVL，II、III、aVF，或 V4–V6 中两个相邻导联出现 ≥ 40 ms 且深 ≥ 1 mm 的 Q 波（或 QS 波）；或 V1–V2 导联 R 波 &gt; 40 ms 伴 R/S &gt; 1 且 T 波直立（后壁）。</translation>
    </message>
</context>
<context>
    <name>UnassessableChoice</name>
    <message>
        <source>Cannot be assessed</source>
        <translation>无法评估</translation>
    </message>
    <message>
        <source>This ECG cannot be read for the findings; choose why (no finding is recorded)</source>
        <translation>此心电图无法判读上述所见；请选择原因（不记录任何所见）</translation>
    </message>
    <message>
        <source>Why this ECG cannot be assessed</source>
        <translation>此心电图无法评估的原因</translation>
    </message>
</context>
<context>
    <name>UnassessableReason</name>
    <message>
        <source>poor quality</source>
        <translation>图形质量差</translation>
    </message>
    <message>
        <source>lead reversal</source>
        <translation>导联接反</translation>
    </message>
    <message>
        <source>paced rhythm</source>
        <translation>起搏心律</translation>
    </message>
</context>
</TS>
